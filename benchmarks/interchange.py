"""Ten years of history through FIT export (time, size) and through a Strong and a Hevy CSV import (time).

    python benchmarks/interchange.py

The ten years come from dev/gymtimer_dev/sample_history.py (2,600 sessions). FIT: every
session written as its own file, then every file read back by the FIT SDK's decoder
(integrity checked) and its reps summed against the history's. Import: the same
history written as a Strong and a Hevy export (one squat set per workout besides,
to be left out), then read and imported into an empty data folder, then imported again
(all duplicates).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import time
from pathlib import Path

from garmin_fit_sdk import Decoder, Stream

from gymtimer.core.records import SessionRecord
from gymtimer.store.fit_export import export_fit
from gymtimer.store.sessions import SessionStore
from gymtimer.store.tracker_import import read_tracker_csv
from gymtimer_dev.sample_history import make_sessions


def strong_csv(sessions: list[SessionRecord]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Weight Unit",
                     "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"])
    for session in sessions:
        date = session.started_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        minutes = f"{int(session.duration_seconds // 60)}m"
        for exercise in session.exercises:
            for record in exercise.sets:
                writer.writerow([date, "Glutes", minutes, f"Hip Thrust ({exercise.variation.label})", record.number,
                                 f"{record.load:g}", "lbs" if record.unit.value == "lb" else "kg", record.done(),
                                 0, 0, record.note, "", "" if record.rpe is None else f"{record.rpe:g}"])
        writer.writerow([date, "Glutes", minutes, "Squat (Barbell)", 1, 80, "kg", 5, 0, 0, "", "", ""])
    return out.getvalue().encode()


def hevy_csv(sessions: list[SessionRecord]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(["title", "start_time", "end_time", "description", "exercise_title", "superset_id",
                     "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km",
                     "duration_seconds", "rpe"])
    for session in sessions:
        start = session.started_at.astimezone()
        end = (session.ended_at or session.started_at).astimezone()
        times = [f"{start:%d %b %Y, %H:%M}", f"{end:%d %b %Y, %H:%M}"]
        for exercise in session.exercises:
            for index, record in enumerate(exercise.sets):
                writer.writerow(["Glutes", *times, "", f"Hip Thrust ({exercise.variation.label})", "", "", index,
                                 "normal", f"{record.load_in(record.unit.KG):.2f}", record.done(), "", "",
                                 "" if record.rpe is None else f"{record.rpe:g}"])
        writer.writerow(["Glutes", *times, "", "Squat (Barbell)", "", "", 0, "normal", 80, 5, "", "", ""])
    return out.getvalue().encode()


def main() -> int:
    sessions = make_sessions()
    reps = sum(s.done() for s in sessions)
    sets = sum(len(s.sets()) for s in sessions)
    print(f"history: {len(sessions)} sessions, {sets} sets, {reps} reps over ten years")
    figures: dict[str, float] = {"sessions": len(sessions), "sets": sets, "reps": reps}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        out = folder / "fit"
        out.mkdir()
        started = time.perf_counter()
        written = export_fit(sessions, out)
        export_s = time.perf_counter() - started
        sizes = [path.stat().st_size for path in written]
        print(f"FIT export: {len(written)} files in {export_s:.2f} s ({export_s / len(written) * 1000:.2f} ms each), "
              f"{sum(sizes) / 1e6:.2f} MB in all, {sum(sizes) / len(sizes) / 1024:.2f} KB per session "
              f"(largest {max(sizes) / 1024:.2f} KB)")
        started = time.perf_counter()
        decoded_reps = 0
        for path in written:
            data = bytearray(path.read_bytes())
            assert Decoder(Stream.from_byte_array(data)).check_integrity(), path
            messages, errors = Decoder(Stream.from_byte_array(data)).read()
            assert not errors, (path, errors)
            decoded_reps += sum(m.get("repetitions", 0) for m in messages["set_mesgs"] if m["set_type"] == "active")
        decode_s = time.perf_counter() - started
        print(f"FIT read back by the SDK's decoder: {decode_s:.2f} s; reps {decoded_reps} of {reps} "
              f"({'all there' if decoded_reps == reps else 'MISMATCH'})")
        figures.update(fit_export_s=round(export_s, 2), fit_ms_per_session=round(export_s / len(written) * 1000, 2),
                       fit_total_mb=round(sum(sizes) / 1e6, 2), fit_kb_per_session=round(sum(sizes) / len(sizes) / 1024, 2),
                       fit_largest_kb=round(max(sizes) / 1024, 2), fit_decode_s=round(decode_s, 2),
                       fit_reps_round_trip=decoded_reps == reps)

        for app, data in (("Strong", strong_csv(sessions)), ("Hevy", hevy_csv(sessions))):
            started = time.perf_counter()
            found = read_tracker_csv(data)
            read_s = time.perf_counter() - started
            path = folder / f"{app.lower()}.csv"
            path.write_bytes(data)
            store = SessionStore(folder / f"data-{app}")
            started = time.perf_counter()
            result = store.import_files([path])
            import_s = time.perf_counter() - started
            started = time.perf_counter()
            again = store.import_files([path])
            again_s = time.perf_counter() - started
            imported_reps = sum(s.done() for s in result.imported)
            print(f"{app} CSV ({len(data) / 1e6:.2f} MB): read {read_s:.2f} s, imported {len(result.imported)} "
                  f"sessions in {import_s:.2f} s (files written); again: {len(again.imported)} added, "
                  f"{len(again.duplicates)} skipped in {again_s:.2f} s; reps {imported_reps} of {reps}; "
                  f"{found.left_out_line}")
            key = app.lower()
            figures.update({f"{key}_csv_mb": round(len(data) / 1e6, 2), f"{key}_read_s": round(read_s, 2),
                            f"{key}_import_s": round(import_s, 2), f"{key}_again_s": round(again_s, 2),
                            f"{key}_again_added": len(again.imported), f"{key}_reps_round_trip": imported_reps == reps})
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
