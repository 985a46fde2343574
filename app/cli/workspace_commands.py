"""Headless commands on whole workspaces: `new`, `check`, `copy` and `upgrade`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.registry import Command


def _configure_new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="the workspace file to create")
    parser.add_argument("--demo", action="store_true", help="fill it with the demo content")


def _run_new(args: argparse.Namespace) -> int:
    from app.services.team.targets import DatabaseUrl
    from app.services.workspace import WORKSPACE_SUFFIX, create_workspace

    target: Path | DatabaseUrl = args.path
    if isinstance(target, Path) and target.suffix != WORKSPACE_SUFFIX:
        target = target.with_name(target.name + WORKSPACE_SUFFIX)
    workspace = create_workspace(target, demo=args.demo)
    location = workspace.location
    workspace.close()
    print(f"Created {location}")
    return 0


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="the workspace file to verify")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _run_check(args: argparse.Namespace) -> int:
    from app.services.workspace import check_workspace

    report = check_workspace(args.path)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    elif report.ok:
        print(report.to_text())
    else:
        print(report.to_text())
        print(f"accord check: {report.problems[0]}", file=sys.stderr)
    return 0 if report.ok else 1


def _configure_copy(parser: argparse.ArgumentParser) -> None:
    from app.services.team.targets import workspace_target

    parser.add_argument(
        "source", metavar="SOURCE", type=workspace_target, help="workspace file or database URL"
    )
    parser.add_argument(
        "destination",
        metavar="DEST",
        type=workspace_target,
        help="a new workspace file, or an empty database (URL)",
    )
    parser.add_argument("--json", action="store_true", help="print the verified counts as JSON")


def _run_copy(args: argparse.Namespace) -> int:
    from app.services.team.copying import copy_workspace
    from app.services.workspace import WORKSPACE_SUFFIX, open_workspace

    destination = args.destination
    if isinstance(destination, Path) and destination.suffix != WORKSPACE_SUFFIX:
        destination = destination.with_name(destination.name + WORKSPACE_SUFFIX)
    source = open_workspace(args.source, backup=False)
    try:
        report = copy_workspace(source, destination)
    finally:
        source.close()
    if args.json:
        print(json.dumps({"destination": report.destination, "counts": report.counts}, indent=2))
    else:
        print(report.to_text())
    return 0


def _configure_upgrade(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="the workspace to update")


def _run_upgrade(args: argparse.Namespace) -> int:
    from app.models.schema import SCHEMA_HEAD
    from app.services.team.targets import DatabaseUrl
    from app.services.workspace import open_workspace

    if isinstance(args.path, DatabaseUrl):
        from app.services.team.database import migrate_team_database

        before = migrate_team_database(args.path)
    else:
        from app.services.workspace import inspect_workspace_file

        before = inspect_workspace_file(args.path).revision
        open_workspace(args.path).close()
    if before == SCHEMA_HEAD:
        print(f"Already at schema {SCHEMA_HEAD}; nothing to do.")
    else:
        print(f"Updated from schema {before} to {SCHEMA_HEAD}.")
    return 0


COMMANDS = [
    Command(
        "new",
        "create a workspace file (or a team workspace in a database)",
        _configure_new,
        _run_new,
    ),
    Command(
        "check",
        "verify a workspace: integrity, schema version, record counts",
        _configure_check,
        _run_check,
    ),
    Command(
        "copy",
        "copy a workspace, history included, to a new file or an empty team database",
        _configure_copy,
        _run_copy,
    ),
    Command(
        "upgrade",
        "update an older workspace or team database to this Accord's schema",
        _configure_upgrade,
        _run_upgrade,
    ),
]
