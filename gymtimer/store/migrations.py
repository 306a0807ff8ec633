"""Upgrades of older documents: one small registered step per format version, for every file GymTimer writes.

Each step takes the plain JSON object of version ``n`` and returns the object of
version ``n + 1``; :meth:`Migrations.upgrade` chains them. A step never sees a
typed record, so the record classes can change freely without breaking it.
Sessions, ``presets.json`` and ``settings.json`` each have their steps here;
:func:`registry` lists them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gymtimer.core.presets import preset_id_for_name

Document = dict[str, Any]
Step = Callable[[Document], Document]


class MigrationError(ValueError):
    """A document that cannot be brought up to the current version, in a lifter's words."""


class Migrations:
    """The registered upgrade steps of one kind of document."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._steps: dict[int, Step] = {}

    def migrator(self, from_version: int) -> Callable[[Step], Step]:
        """Register the decorated function as the step from ``from_version`` to the next."""

        def register(step: Step) -> Step:
            if from_version in self._steps:
                raise ValueError(f"A {self.kind} upgrade from version {from_version} is already registered")
            self._steps[from_version] = step
            return step

        return register

    @property
    def versions(self) -> list[int]:
        """The versions that have an upgrade step, oldest first."""
        return sorted(self._steps)

    def upgrade(self, document: Document, to_version: int) -> Document:
        """Bring ``document`` (with its ``schema_version``) up to ``to_version``, step by step."""
        version = document.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise MigrationError(f"schema_version must be a whole number, not {version!r}")
        while version < to_version:
            step = self._steps.get(version)
            if step is None:
                raise MigrationError(f"format version {version} is not one this GymTimer can read or upgrade")
            try:
                document = step(dict(document))
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
                # An old file that does not look like its version claims: report it, do not crash.
                raise MigrationError(f"could not be upgraded from format version {version}: {error}") from error
            version += 1
            document["schema_version"] = version
        return document


def registry() -> dict[str, Migrations]:
    """The upgrade steps of every kind of document, by kind."""
    return {steps.kind: steps for steps in (SESSION_MIGRATIONS, PRESET_MIGRATIONS, SETTINGS_MIGRATIONS)}


#: The steps for presets files (``presets.json`` and exported presets), one per version.
PRESET_MIGRATIONS = Migrations("presets")


@PRESET_MIGRATIONS.migrator(from_version=1)
def _presets_gain_ids(document: Document) -> Document:
    """Version 2 added each preset's ``id`` and the plan's ``replace_failed``: both have defaults."""
    return document


@PRESET_MIGRATIONS.migrator(from_version=2)
def _presets_say_when_they_were_edited(document: Document) -> Document:
    """Version 3 added ``edited`` and ``deleted`` (times by preset id) for merging two computers' edits.

    A version-2 file said no time: its presets count as edited before any edit that says one.
    """
    document.setdefault("edited", {})
    document.setdefault("deleted", {})
    return document


#: The steps for ``settings.json``. Version 1 files had no ``schema_version`` (it came with
#: version 2): the loader reads such a file as version 1.
SETTINGS_MIGRATIONS = Migrations("settings")


@SETTINGS_MIGRATIONS.migrator(from_version=1)
def _settings_say_their_version(document: Document) -> Document:
    """Version 2 is version 1 with its ``schema_version`` written down; no setting changed."""
    return document


@SETTINGS_MIGRATIONS.migrator(from_version=2)
def _settings_may_remember_the_camera(document: Document) -> Document:
    """Version 3 may carry ``camera``: the camera chosen, follow mode, a box by camera (store/camera_settings.py).

    A version-2 file never had a camera: its defaults (none chosen, follow off, no box) need no step.
    """
    return document


#: The steps for session files, one per version: register each future step here.
SESSION_MIGRATIONS = Migrations("session")
migrator = SESSION_MIGRATIONS.migrator


@migrator(from_version=1)
def _give_each_exercise_its_preset_id(document: Document) -> Document:
    """Version 2: an exercise names its preset by a stable ``preset_id`` (kept when the preset is renamed).

    A version-1 exercise knew its preset only by name; it gets the id that name has
    (a built-in's own, or the one an own preset from before ids gets on loading).
    Version 2 also lets a rep carry ``pauses`` and a plan ``replace_failed``: both
    have defaults, so they need no step.
    """
    exercises = document.get("exercises")
    if isinstance(exercises, list):
        for exercise in exercises:
            if isinstance(exercise, dict) and isinstance(exercise.get("preset_name"), str):
                exercise.setdefault("preset_id", preset_id_for_name(exercise["preset_name"]))
    return document


@migrator(from_version=2)
def _sets_may_carry_what_a_video_measured(document: Document) -> Document:
    """Version 3: a set may carry ``measured``, the reps a video of it measured, beside its paced reps.

    A version-2 set was never filmed: ``measured`` takes its default (none), so
    the document needs nothing but its new version number.
    """
    return document


@migrator(from_version=3)
def _reps_may_carry_what_the_camera_saw(document: Document) -> Document:
    """Version 4: a set may say it was ``watched`` (lifted with the camera on), and a rep may carry ``seen``
    (the camera's measurement) and ``not_seen`` (paced, camera on, nothing seen: not counted).

    A version-3 set was never watched live: every new field takes its default
    (false, none, false), so each rep counts as it did; only the version changes.
    """
    return document


@migrator(from_version=4)
def _reps_may_be_counted_while_the_camera_was_away(document: Document) -> Document:
    """Version 5: a rep may say ``camera_away`` (the camera was lost for most of it: counted as paced).

    No version-4 rep says so: the field takes its default (false); only the version changes.
    """
    return document


@migrator(from_version=5)
def _sessions_may_be_imported(document: Document) -> Document:
    """Version 6: a session may say it was ``imported_from`` another app's export (Strong, Hevy).

    A version-5 session was lifted in GymTimer: ``imported_from`` takes its default (empty).
    """
    return document


@migrator(from_version=6)
def _reps_may_say_which_leg_was_seen_and_the_lockout(document: Document) -> Document:
    """Version 7: a rep may carry ``leg_seen`` (the leg the camera saw working) and ``lockout`` (its verdict).

    No version-6 rep was judged by the body's landmarks: both take their default (none).
    """
    return document
