"""Headless commands on whole workspaces: `new` and `check`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.registry import Command


def _configure_new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="the workspace file to create")
    parser.add_argument("--demo", action="store_true", help="fill it with the demo content")


def _run_new(args: argparse.Namespace) -> int:
    from app.services.workspace import WORKSPACE_SUFFIX, create_workspace

    path: Path = args.path
    if path.suffix != WORKSPACE_SUFFIX:
        path = path.with_name(path.name + WORKSPACE_SUFFIX)
    workspace = create_workspace(path, demo=args.demo)
    workspace.close()
    print(f"Created {path}")
    return 0


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="the workspace file to verify")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _run_check(args: argparse.Namespace) -> int:
    import sys

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


COMMANDS = [
    Command("new", "create a workspace file", _configure_new, _run_new),
    Command(
        "check",
        "verify a workspace: integrity, schema version, record counts",
        _configure_check,
        _run_check,
    ),
]
