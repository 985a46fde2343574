"""Where a workspace lives: a file path or a database URL, and how to show it safely."""

from __future__ import annotations

from pathlib import Path

from app.services.errors import WorkspaceError

TEAM_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")


class DatabaseUrl(str):
    """A database URL given where a workspace path is accepted (a `str` so argparse and
    QSettings can carry it), kept apart from paths by its type."""

    __slots__ = ()


def is_database_url(text: str) -> bool:
    scheme, separator, _rest = text.partition("://")
    return bool(separator) and scheme.lower() in (*TEAM_SCHEMES, "sqlite")


def workspace_target(text: str) -> Path | DatabaseUrl:
    """Read a command-line or dialog entry as a database URL or a file path."""
    if is_database_url(text):
        if text.lower().startswith("sqlite:///"):
            return Path(text[len("sqlite:///") :]).expanduser()
        return DatabaseUrl(normalise_url(text))
    return Path(text).expanduser()


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for every spelling of a PostgreSQL URL."""
    scheme, _separator, rest = url.partition("://")
    if scheme.lower() in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return url


def redacted(url: str) -> str:
    """The URL without its password, for titles, logs, recent lists and messages."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url.split("@")[-1]
    return parsed.render_as_string(hide_password=True).replace(":***@", "@")


def url_with_password(url: str, password: str | None) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if password:
        parsed = parsed.set(password=password)
    return parsed.render_as_string(hide_password=False)


def database_name(url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise WorkspaceError(f"'{redacted(url)}' is not a database URL.") from error
    return f"{parsed.database or 'postgres'} on {parsed.host or 'localhost'}"
