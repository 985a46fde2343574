"""Start-up: the main window shown on a large workspace, against a bare PySide6 window."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE_WINDOW = """
import resource, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow(); window.resize(1280, 800); window.show()
app.processEvents()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

ACCORD_WINDOW = """
import resource, sys
from pathlib import Path
from app.views.application import make_application
from app.views.main_window import MainWindow
app = make_application()
window = MainWindow(); window.show()
window.open_path(Path(sys.argv[1]))
app.processEvents()
assert window.current_page() is not None
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def build_large_workspace(path: Path, terms: int, revisions: int) -> None:
    """About `terms` terms with `revisions` revisions each, written in bulk."""
    from sqlalchemy import insert

    from app.models.lexicon import Term, TermRevision
    from app.services.workspace import create_workspace

    workspace = create_workspace(path)
    categories = ["lifecycle_stage", "lead_status", "field", "general"]
    now = datetime(2026, 1, 1)
    term_rows, revision_rows = [], []
    for index in range(1, terms + 1):
        category = categories[index % 4]
        fields = {
            "name": f"Term {index}", "category": category,
            "definition": f"Definition number {index}, long enough to look real. " * 3,
            "owner_team": "shared", "synonyms": "", "examples": "", "entry_criteria": "",
            "exit_criteria": "", "sla_hours": None, "recycle_path": "",
            "crm_value": f"value_{index}" if category == "lifecycle_stage" else "",
        }
        term_rows.append({**fields, "id": index, "status": "agreed", "position": index,
                          "created_at": now, "updated_at": now, "version": revisions})
        revision_rows.extend({"term_id": index, "number": n, "author": "Bench",
                              "created_at": now, "summary": f"Edit {n}",
                              "snapshot": {**fields, "status": "agreed"}}
                             for n in range(1, revisions + 1))
    with workspace.database.session() as session:
        session.execute(insert(Term), term_rows)
        session.execute(insert(TermRevision), revision_rows)
    workspace.close()


def _time_child(code: str, args: list[str], env: dict[str, str]) -> tuple[float, int]:
    import time

    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=True)
    elapsed = time.perf_counter() - started
    return elapsed, int(result.stdout.strip().splitlines()[-1])


def run(quick: bool) -> list[dict[str, object]]:
    repeats = 3 if quick else 7
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.accord"
        build_large_workspace(path, 200 if quick else 2000, 5)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ACCORD_DATA_DIR": folder,
               "PYTHONPATH": str(ROOT)}
        bare, accord, accord_rss = [], [], []
        for _ in range(repeats):
            bare.append(_time_child(BARE_WINDOW, [], env)[0])
            seconds, rss = _time_child(ACCORD_WINDOW, [str(path)], env)
            accord.append(seconds)
            accord_rss.append(rss)
    ratio = statistics.median(accord) / statistics.median(bare)
    peak_mib = max(accord_rss) / 1024
    detail = {"bare_s": round(statistics.median(bare), 3),
              "accord_s": round(statistics.median(accord), 3),
              "terms": 200 if quick else 2000, "repeats": repeats}
    return [
        {"name": "startup_ratio", "value": round(ratio, 2), "unit": "x", "goal": "<= 3x",
         "meets_goal": ratio <= 3.0, "detail": json.dumps(detail)},
        {"name": "startup_peak_memory", "value": round(peak_mib, 1), "unit": "MiB",
         "goal": "report", "meets_goal": True, "detail": "peak RSS of the Accord process"},
    ]
