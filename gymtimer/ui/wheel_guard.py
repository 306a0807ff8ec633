"""The mouse wheel scrolls the page: a field under the pointer changes only once the lifter has focused it.

Qt's spin boxes, combo boxes and sliders take a wheel turn as a change of
value even without the focus, so scrolling down a form changes whatever field
passes under the pointer. :func:`scroll_past` makes such fields take the focus
by click or Tab only, and hands an unfocused field's wheel to the scroll area
it lies in (the page scrolls), or to no one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            # Handed on here, not left to Qt's propagation: that skips the fields between, and the
            # scroll area scrolls once whichever child the pointer is over.
            QApplication.sendEvent(area.verticalScrollBar(), event)
        event.accept()
        return True


def scroll_past(owner: QWidget, *fields: QWidget) -> None:
    """``fields`` (children of ``owner``) change by the wheel only when focused; otherwise the wheel scrolls on."""
    # Its own guard, not one of a child's (a direct child; PySide6's Qt namespace, for findChild's option, waits).
    guard = next((child for child in owner.children() if isinstance(child, _WheelGuard)), None)
    if guard is None:
        guard = _WheelGuard(owner)
        guard.setObjectName("wheelGuard")
    for field in fields:
        # A wheel turn gives no focus (WheelFocus would); set by name, as in widgets.py.
        field.setProperty("focusPolicy", "StrongFocus")
        field.installEventFilter(guard)
        if isinstance(field, QAbstractSpinBox):
            field.lineEdit().installEventFilter(guard)  # the pointer is over its text most of the time
