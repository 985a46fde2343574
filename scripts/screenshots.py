"""Open the real window on the demo workspace and save a PNG of every page.

Run under a display (`./dev shots` uses xvfb-run): `python scripts/screenshots.py [OUT]`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ACCORD_DATA_DIR", tempfile.mkdtemp(prefix="accord-shots-"))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.views.application import demo_workspace_path, make_application
    from app.views.main_window import MainWindow
    from app.views.pages import PAGES

    make_application()
    settings = QSettings(
        str(Path(os.environ["ACCORD_DATA_DIR"]) / "shots.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(settings)
    window.resize(1280, 720)
    window.show()
    window.open_path(demo_workspace_path())
    for size in ((1280, 720), (1920, 1080)):
        window.resize(*size)
        for index, spec in enumerate(PAGES):
            try:
                window.show_page(index)
            except ImportError as error:
                print(f"skipped {spec.key}: {error}", file=sys.stderr)
                continue
            for _ in range(5):
                QApplication.processEvents()
            path = out / f"{index + 1:02d}-{spec.key}-{size[0]}x{size[1]}.png"
            window.grab().save(str(path))
            print(path)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
