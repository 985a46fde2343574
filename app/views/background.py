"""Work the window should not wait for: routine backups after a workspace opens."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)


def backup_in_background(path: Path) -> threading.Thread:
    """Take the routine on-open backup without delaying the window."""

    def work() -> None:
        from app.services.workspace import backup_workspace

        try:
            backup_workspace(path, "opened")
        except Exception:  # a failed routine backup must never disturb the session
            log.exception("routine backup of %s failed", path)

    thread = threading.Thread(target=work, name="accord-backup", daemon=True)
    thread.start()
    return thread
