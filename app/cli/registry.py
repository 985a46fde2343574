"""Where headless commands are found, and the shape each one takes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

# Each module exposes COMMANDS: list[Command]; imported only when the CLI parses.
COMMAND_MODULES: tuple[str, ...] = (
    "app.cli.workspace_commands",
    "app.cli.scoring_commands",
    "app.cli.assessment_commands",
)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
