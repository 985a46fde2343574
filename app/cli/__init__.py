"""Command line: `accord [WORKSPACE]` opens the window; `accord COMMAND ...` runs headless.

Headless commands print a result on stdout and exit 0, exit 1 with a one-line message
on stderr when the input is at fault, and 2 when the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from app import __version__
from app.cli.registry import COMMAND_MODULES, Command

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _commands() -> dict[str, Command]:
    import importlib

    commands: dict[str, Command] = {}
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        for command in module.COMMANDS:
            commands[command.name] = command
    return commands


def _headless_parser(commands: dict[str, Command]) -> _Parser:
    parser = _Parser(prog="accord", description="Accord headless commands.")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    for command in commands.values():
        command_parser = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(command_parser)
        _accept_database_url(command_parser)
    return parser


def _accept_database_url(parser: argparse.ArgumentParser) -> None:
    """Let every command that takes a workspace PATH take a team database instead.

    PATH itself may be a `postgresql://` URL, or `--database URL` stands in for it.
    """
    from app.services.team.targets import workspace_target

    for action in parser._actions:
        if action.dest == "workspace" and "--workspace" in action.option_strings:
            # Commands that name the workspace with an option take the URL there too.
            action.type = workspace_target
            action.option_strings.append("--database")
            parser._option_string_actions["--database"] = action
            return
        if action.dest == "path" and not action.option_strings:
            action.type = workspace_target
            action.nargs = "?"
            action.metavar = "PATH"
            action.help = (action.help or "the workspace") + " (a file, or a database URL)"
            parser.add_argument(
                "--database",
                metavar="URL",
                type=workspace_target,
                help="a team database (postgresql+psycopg://user@host/db) in place of PATH",
            )
            return


def _gui_parser(commands: dict[str, Command]) -> _Parser:
    lines = "\n".join(f"  {c.name:<20} {c.help}" for c in commands.values())
    parser = _Parser(
        prog="accord",
        description="Accord: sales and marketing agree on leads, scoring and plans.",
        epilog=f"headless commands (accord COMMAND --help for details):\n{lines}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "workspace",
        nargs="?",
        metavar="WORKSPACE",
        help="workspace file (.accord) to open; default: the last one used",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open a demo workspace filled with realistic content"
    )
    parser.add_argument("--version", action="version", version=f"Accord {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    commands = _commands()
    if args and args[0] in commands:
        parser = _headless_parser(commands)
        parsed = parser.parse_args(args)
        _workspace_from_database_option(parser, parsed)
        return run_headless(commands[parsed.command].run, parsed)
    parsed = _gui_parser(commands).parse_args(args)
    from app.views.application import run_gui

    return run_gui(parsed.workspace, demo=parsed.demo)


def _workspace_from_database_option(parser: _Parser, parsed: argparse.Namespace) -> None:
    """`--database URL` stands in for the PATH positional; exactly one of them is needed."""
    if not (hasattr(parsed, "path") and hasattr(parsed, "database")):
        return
    if parsed.database is not None and parsed.path is not None:
        parser.error(f"{parsed.command}: give a workspace PATH or --database URL, not both")
    if parsed.database is None and parsed.path is None:
        parser.error(
            f"{parsed.command}: the following arguments are required: PATH (or --database URL)"
        )
    if parsed.path is None:
        parsed.path = parsed.database


def run_headless(handler: Callable[[argparse.Namespace], int], parsed: argparse.Namespace) -> int:
    """Run a command, turning our own errors into one line on stderr and exit code 1."""
    from app.services.errors import AccordError, ImportFailed

    try:
        return handler(parsed)
    except ImportFailed as error:
        print(f"accord {parsed.command}: {error}", file=sys.stderr)
        for problem in error.problems[1:20]:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_PROBLEM
    except AccordError as error:
        print(f"accord {parsed.command}: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print(f"accord {parsed.command}: interrupted", file=sys.stderr)
        return EXIT_PROBLEM
