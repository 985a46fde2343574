"""Shared fixtures: headless Qt, a private data folder and a fresh workspace per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.services.workspace import Workspace, create_workspace, open_workspace


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups, logs and the demo go to the test's own folder, never the user's."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("ACCORD_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = create_workspace(tmp_path / "test.accord", actor="Test Facilitator")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once per run; tests get their own copy."""
    folder = tmp_path_factory.mktemp("demo-template")
    os.environ["ACCORD_DATA_DIR"] = str(folder / "user-data")
    path = folder / "demo.accord"
    create_workspace(path, demo=True, actor="Demo Builder").close()
    return path


@pytest.fixture
def demo_workspace(demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "demo.accord"
    shutil.copyfile(demo_template, path)
    opened = open_workspace(path, actor="Test Facilitator", backup=False)
    yield opened
    opened.close()
