"""Progress reporting and cancellation for long work, independent of any GUI toolkit."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.services.errors import Cancelled

ProgressCallback = Callable[[float], None]
"""Called with a fraction between 0.0 and 1.0 as work advances."""


class CancelToken:
    """A flag another thread sets to ask long work to stop at its next check point."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def report(progress: ProgressCallback | None, fraction: float) -> None:
    """Report progress when someone listens; clamps to [0, 1]."""
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)))
