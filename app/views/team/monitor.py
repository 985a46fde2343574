"""Keeps a team workspace window current: other people's changes, who is in, outages.

Every few seconds a background task reads one counter row and PostgreSQL's session list.
Nothing touches the network on the GUI thread, so a slow or dead server never freezes
the window; it shows as a banner instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

from app.models.database import Database

POLL_MILLISECONDS = 3_000


@dataclass(frozen=True)
class Reading:
    serial: int
    own_changes: int
    people: tuple[str, ...]


class _Signals(QObject):
    read = Signal(object)
    failed = Signal(str)


class _Poll(QRunnable):
    def __init__(self, database: Database, signals: _Signals) -> None:
        super().__init__()
        self._database = database
        self._signals = signals

    def run(self) -> None:
        from app.services.team.presence import connected_people

        try:
            own = self._database.own_changes
            serial = self._database.change_serial()
            people = tuple(connected_people(self._database))
        except Exception as error:  # any failure here means "cannot reach the server"
            self._signals.failed.emit(str(error).splitlines()[0] if str(error) else "")
        else:
            self._signals.read.emit(Reading(serial, own, people))


class TeamMonitor(QObject):
    """Emits `changed_elsewhere` when someone else saved, and the connection's state."""

    changed_elsewhere = Signal()
    people_changed = Signal(list)
    connection_lost = Signal()
    connection_restored = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._signals = _Signals()
        self._signals.read.connect(self._on_read, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._last: Reading | None = None
        self._people: tuple[str, ...] | None = None
        self._connected = True
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MILLISECONDS)
        self.timer.timeout.connect(self.poll)

    @property
    def connected(self) -> bool:
        return self._connected

    def start(self) -> None:
        self.poll()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        if self._busy:
            return
        self._busy = True
        QThreadPool.globalInstance().start(_Poll(self._database, self._signals))

    def _on_read(self, reading: Reading) -> None:
        self._busy = False
        if not self._connected:
            self._connected = True
            self.connection_restored.emit()
        last, self._last = self._last, reading
        if last is not None:
            theirs = (reading.serial - last.serial) - (reading.own_changes - last.own_changes)
            if theirs > 0:
                self.changed_elsewhere.emit()
        if reading.people != self._people:
            self._people = reading.people
            self.people_changed.emit(list(reading.people))

    def _on_failed(self, _reason: str) -> None:
        self._busy = False
        if self._connected:
            self._connected = False
            self.connection_lost.emit()
