"""A view follows a model (the history, the notices) only while it exists.

``History.subscribe`` and ``Notices.subscribe`` return the call that stops the
subscription; a widget hands it here, so that a page closed or rebuilt stops
hearing the changes (and keeps no dead widget alive through the model).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject


def until_destroyed(owner: QObject, unsubscribe: Callable[[], None]) -> None:
    """Call ``unsubscribe`` when ``owner`` is destroyed (its C++ object, by its parent or deleteLater)."""
    # The slot holds the stop call only, never ``owner``: it must not keep the owner alive.
    owner.destroyed.connect(lambda *_: unsubscribe())
