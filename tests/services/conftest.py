"""Service tests run on both backends: an SQLite file and a PostgreSQL team database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.workspace import Workspace, create_workspace, open_workspace
from tests.postgres import fresh_database


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    if request.param == "sqlite":
        opened = create_workspace(tmp_path / "test.accord", actor="Test Facilitator")
        yield opened
        opened.close()
        return
    with fresh_database(with_workspace=True) as url:
        opened = open_workspace(url, actor="Test Facilitator")
        yield opened
        opened.close()
