"""A network camera (a phone's camera app): its address, its words when it fails, its delay, its reps.

A real MJPEG stream is served on the loopback address (dev/gymtimer_dev/mjpeg.py:
http.server in a thread, multipart/x-mixed-replace, the frames of a rendered
set) and read through the same FrameSource and LiveWatcher as any camera. A
host that never answers is a real socket that accepts and stays silent.
"""

from __future__ import annotations

import json
import time
from itertools import pairwise

import pytest

from gymtimer.core.camera_events import Behind, CameraState, RepSeen
from gymtimer.core.tempo import Tempo
from gymtimer.vision.frames import CameraUnavailable, FrameSource
from gymtimer.vision.guidance import State
from gymtimer.vision.live import LiveWatcher
from gymtimer.vision.network import (
    OPEN_SECONDS,
    PHONE_SECONDS,
    READ_SECONDS,
    AddressError,
    ArrivalDelay,
    camera_name,
    is_network,
    parse_address,
    shown_address,
)
from gymtimer_dev.mjpeg import MjpegServer, SilentHost, jpeg_frames
from gymtimer_dev.synthetic import render

PHASE_TOLERANCE = 0.15
#: A slow host is given up on within the open limit; this much more is the test machine's slack (2 busy cores).
SLACK_SECONDS = 2.0


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    return jpeg_frames(video), json.loads(sidecar.read_text())


# ----------------------------------------------------------------- the address

@pytest.mark.parametrize(("typed", "address"), [
    ("http://192.168.1.20:8080/video", "http://192.168.1.20:8080/video"),
    ("  192.168.1.20:8080/video ", "http://192.168.1.20:8080/video"),  # as many apps show it, without http://
    ("rtsp://phone.local:8554/live", "rtsp://phone.local:8554/live"),
    ("http://me:s3cret@192.168.1.20:8080/video", "http://me:s3cret@192.168.1.20:8080/video"),
])
def test_an_address_a_camera_app_shows_is_taken(typed, address):
    assert parse_address(typed) == address
    assert is_network(address)


@pytest.mark.parametrize(("typed", "words"), [
    ("", "Type the address your camera app shows"),
    ("my phone", "no spaces"),
    ("ftp://192.168.1.20/video", "ftp:// is not a camera stream"),
    ("file:///home/me/set.mp4", "file:// is not a camera stream"),
    ("http://192.168.1.20:99999/video", "check the port"),
    ("http://:8080/video", "it needs the phone's address"),
    ("http://192.168.1.20:0/video", "Port 0"),
])
def test_what_is_not_an_address_is_said_in_words(typed, words):
    with pytest.raises(AddressError, match=words):
        parse_address(typed)


def test_files_and_devices_are_not_network_cameras():
    assert not is_network("/home/me/set.mp4") and not is_network(0) and not is_network("/dev/video0")
    assert not is_network("http:no-slashes")


def test_the_password_is_left_out_of_the_name_and_the_shown_address():
    address = "http://me:s3cret@192.168.1.20:8080/video?x=1"
    assert camera_name(address) == "Network camera (192.168.1.20:8080)"
    assert shown_address(address) == "http://me@192.168.1.20:8080/video?x=1"
    assert "s3cret" not in camera_name(address) + shown_address(address)


# ----------------------------------------------------------------- the delay

def test_steady_arrivals_are_the_phones_delay_only():
    delay = ArrivalDelay(0.1)
    for i in range(90):
        assert delay.arrived(100.0 + i / 30) == pytest.approx(0.0, abs=1e-9)
    assert delay.behind == pytest.approx(0.1) and delay.network == pytest.approx(0.0, abs=1e-9)


def test_frames_held_up_on_the_network_are_measured_late():
    """Every tenth frame held up 80 ms (a busy Wi-Fi), those after it queued behind it, in order as TCP gives them."""
    delay = ArrivalDelay(0.1)
    arrivals, held = [], []
    for i in range(120):
        sent = 100.0 + i / 30
        hold = 0.08 if i % 10 == 5 else 0.0
        arrivals.append(max(sent + hold, arrivals[-1] if arrivals else 0.0))
        held.append(arrivals[-1] - sent)
    late = [delay.arrived(at) for at in arrivals]
    for measured, truth in zip(late[60:], held[60:]):
        assert measured == pytest.approx(truth, abs=0.01)
    assert delay.network == pytest.approx(sorted(held[60:])[30], abs=0.01)  # the median held, measured
    assert delay.behind == pytest.approx(0.1 + delay.network)


# ----------------------------------------------------------------- a real stream on the loopback address

def test_frames_of_a_stream_are_stamped_on_arrival_less_the_delay(quick):
    frames, _truth = quick
    with MjpegServer(frames) as server:
        source = FrameSource(server.url)
        try:
            assert source.is_network and source.ends_lost and (source.width, source.height) == (320, 240)
            assert source.name == f"Network camera (127.0.0.1:{server.port})"
            stamped = []
            for frame in source:
                stamped.append((frame.time, time.monotonic()))
                if len(stamped) == 45:
                    break
        finally:
            source.close()
    assert source.behind == pytest.approx(PHONE_SECONDS["http"], abs=0.05)  # loopback: hardly any network
    for at, read in stamped[2:]:
        assert read - PHONE_SECONDS["http"] - 0.06 <= at <= read - PHONE_SECONDS["http"] + 0.01
    assert all(b > a for (a, _), (b, _) in pairwise(stamped))


def test_a_watcher_counts_the_reps_of_a_stream_and_takes_its_delay_off_their_times(quick):
    frames, truth = quick
    with MjpegServer(frames) as server:
        watcher = LiveWatcher(lambda: FrameSource(server.url), tuple(truth["box"]),
                              planned_lower=Tempo.parse(truth["tempo"]).lower)
        events = []
        with watcher:
            deadline = time.monotonic() + 40
            while sum(isinstance(e, RepSeen) for e in events) < 2 and time.monotonic() < deadline:
                try:
                    events.append(watcher.events.get(timeout=0.5))
                except Exception:  # noqa: BLE001 - queue.Empty: nothing yet
                    pass
        origin = server.origin
    seen = [e for e in events if isinstance(e, RepSeen)]
    assert [e.number for e in seen] == [1, 2]
    behind = [e.seconds for e in events if isinstance(e, Behind)]
    assert behind and behind[0] == pytest.approx(PHONE_SECONDS["http"], abs=0.05)
    assert all(e.seconds == pytest.approx(PHONE_SECONDS["http"] + e.network) for e in events if isinstance(e, Behind))
    for event, want in zip(seen, truth["reps"]):
        # The server sends frame n at origin + n/fps; the rep is dated back by the delay the preview shows.
        assert event.rep.start == pytest.approx(origin + want["start"] - behind[-1], abs=PHASE_TOLERANCE)
        assert event.rep.lower == pytest.approx(want["lower"], abs=PHASE_TOLERANCE)
    assert [e.rep.lowering_too_fast for e in seen] == [False, True]


# ----------------------------------------------------------------- bad input gets words, not a hang

def test_a_web_page_or_a_photo_is_not_a_video(quick):
    frames, _truth = quick
    with MjpegServer(frames) as server:
        with pytest.raises(CameraUnavailable, match=r"is a web page, not a video stream.*e\.g\. http://"):
            FrameSource(server.url.replace("/video", "/page"))
        with pytest.raises(CameraUnavailable, match=r"/shot\.jpg is a single photo, not a video stream"):
            FrameSource(server.url.replace("/video", "/shot.jpg"))
        with pytest.raises(CameraUnavailable, match=r"has no stream at /photo \(it says 404\)"):
            FrameSource(server.url.replace("/video", "/photo"))


def test_a_port_nobody_listens_on_refuses_at_once():
    with SilentHost() as host:
        port = host.port
    with pytest.raises(CameraUnavailable, match=f"at 127.0.0.1:{port} refuses to connect"):
        FrameSource(f"http://127.0.0.1:{port}/video")


def test_a_host_that_never_answers_is_given_up_on_within_the_time_limit():
    with SilentHost() as host:
        started = time.monotonic()
        with pytest.raises(CameraUnavailable, match="connects but does not answer"):
            FrameSource(host.url)
        took = time.monotonic() - started
    assert OPEN_SECONDS - 0.2 <= took <= OPEN_SECONDS + SLACK_SECONDS


def test_an_rtsp_host_that_never_answers_is_given_up_on_within_the_time_limit():
    """RTSP goes straight to FFmpeg once the host connects: its own open limit holds."""
    with SilentHost() as host:
        started = time.monotonic()
        with pytest.raises(CameraUnavailable, match="not with a video GymTimer can read"):
            FrameSource(f"rtsp://127.0.0.1:{host.port}/live")
        took = time.monotonic() - started
    assert took <= OPEN_SECONDS + SLACK_SECONDS


def test_a_stream_that_stops_mid_set_is_a_lost_camera_tried_again_until_it_is_back(quick):
    frames, truth = quick
    server = MjpegServer(frames, loop=True).start()
    port = server.port
    try:
        watcher = LiveWatcher(lambda: FrameSource(server.url), tuple(truth["box"]), retry_seconds=0.2)
        states = []
        with watcher:
            def wait_for(state, seconds=20.0):
                deadline = time.monotonic() + seconds
                while time.monotonic() < deadline:
                    try:
                        event = watcher.events.get(timeout=0.2)
                    except Exception:  # noqa: BLE001 - queue.Empty: nothing yet
                        continue
                    if isinstance(event, CameraState):
                        states.append(event)
                        if event.state is state:
                            return event
                raise AssertionError(f"no {state} in {states}")

            wait_for(State.SEEING)
            server.stop()
            lost = wait_for(State.LOST, 5.0)
            server = MjpegServer(frames, port=port, loop=True)
            server.origin = time.monotonic()
            server.start()
            wait_for(State.SEEING)
    finally:
        server.stop()
    assert "the phone's stream stopped (camera app closed, or off the Wi-Fi?)" in lost.detail


def test_without_ssl_as_in_the_frozen_app_an_https_phone_is_asked_for_a_connection_only(monkeypatch):
    """The bundle carries no ssl module (packaging/bundle_rules.py): http.client has no HTTPSConnection there."""
    import http.client

    from gymtimer.vision.network import CameraNotReached, reach

    monkeypatch.delattr(http.client, "HTTPSConnection")
    with SilentHost() as host:
        started = time.monotonic()
        reach(f"https://127.0.0.1:{host.port}/video")  # it answers a connection: FFmpeg asks the rest
        assert time.monotonic() - started < 1.0
        port = host.port
    with pytest.raises(CameraNotReached, match="refuses to connect"):
        reach(f"https://127.0.0.1:{port}/video")


def test_a_stream_that_stalls_with_its_connection_open_is_lost_within_the_read_limit_and_found_again(quick):
    """No frame and no closed connection (the Wi-Fi gone): FFmpeg's read limit ends the wait, never a hang."""
    frames, truth = quick
    with MjpegServer(frames, loop=True) as server:
        states: list[tuple[float, CameraState]] = []
        opened: list[float] = []

        def open_source():
            opened.append(time.monotonic())
            return FrameSource(server.url)

        watcher = LiveWatcher(open_source, tuple(truth["box"]), retry_seconds=0.2)
        with watcher:
            def wait_for(state, seconds=20.0):
                deadline = time.monotonic() + seconds
                while time.monotonic() < deadline:
                    try:
                        event = watcher.events.get(timeout=0.2)
                    except Exception:  # noqa: BLE001 - queue.Empty: nothing yet
                        continue
                    if isinstance(event, CameraState):
                        states.append((time.monotonic(), event))
                        if event.state is state:
                            return time.monotonic()
                raise AssertionError(f"no {state} in {states}")

            wait_for(State.SEEING)
            stalled = time.monotonic()
            server.stalled.set()
            lost = wait_for(State.LOST, 5.0)
            deadline = time.monotonic() + READ_SECONDS + OPEN_SECONDS + SLACK_SECONDS
            while len(opened) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(opened) >= 2, "the stalled stream was given up and tried again"
            server.stalled.clear()
            wait_for(State.SEEING)
    assert lost - stalled < 1.0 + SLACK_SECONDS  # the watchdog: a second without a picture
    assert opened[1] - stalled <= READ_SECONDS + SLACK_SECONDS
