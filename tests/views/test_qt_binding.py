"""Guards against a known-bad Qt binding: PySide6 6.12.0 loses a reference to `True` on
every Python-side `Signal.emit`, so on Python 3.11 the process aborts after a few hundred
emits (`bool_dealloc`). A workshop timer alone emits once a second."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ticked = Signal(float)


def test_emitting_signals_does_not_eat_references(qapp) -> None:
    emitter = _Emitter()
    received: list[float] = []
    emitter.ticked.connect(received.append)
    before = sys.getrefcount(True)
    for tick in range(2_000):
        emitter.ticked.emit(float(tick))
    assert len(received) == 2_000
    assert sys.getrefcount(True) > before - 100
