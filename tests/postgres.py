"""Throw-away PostgreSQL databases for tests, on the server `./dev test` starts.

`ACCORD_TEST_POSTGRES_URL` names the server (any database on it; the tests create and
drop their own). Without it the PostgreSQL variants are skipped, unless
`ACCORD_REQUIRE_POSTGRES=1` says they must run (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SERVER_VARIABLE = "ACCORD_TEST_POSTGRES_URL"
_template: dict[str, str] = {}


def server_url() -> str:
    url = os.environ.get(SERVER_VARIABLE, "")
    if not url:
        message = f"PostgreSQL tests need {SERVER_VARIABLE} (./dev test sets it)"
        if os.environ.get("ACCORD_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return url


def _admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
        autocommit=True,
    )


def _url_for(server: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _workspace_template(server: str) -> str:
    """A database holding an empty workspace, built once per test process to clone."""
    if "name" not in _template:
        from app.services.workspace import create_workspace

        name = f"accord_template_{uuid.uuid4().hex[:10]}"
        with _admin(server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        create_workspace(_url_for(server, name), actor="Template").close()
        _template["name"] = name
    return _template["name"]


@contextmanager
def fresh_database(*, with_workspace: bool = False) -> Iterator[str]:
    """The URL of a new database (empty, or an empty workspace), dropped afterwards."""
    server = server_url()
    name = f"accord_test_{uuid.uuid4().hex[:12]}"
    template = f' TEMPLATE "{_workspace_template(server)}"' if with_workspace else ""
    with _admin(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield _url_for(server, name)
    finally:
        with _admin(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
