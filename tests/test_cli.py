"""Headless commands: results on stdout, one-line errors on stderr, exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.models.schema import SCHEMA_HEAD

ROOT = Path(__file__).resolve().parents[1]


def test_new_then_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "acme"), "--demo"]) == 0
    assert (tmp_path / "acme.accord").exists()
    capsys.readouterr()
    assert main(["check", str(tmp_path / "acme.accord"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == SCHEMA_HEAD
    assert report["counts"]["terms"] >= 12
    assert report["counts"]["term_revisions"] > report["counts"]["terms"]


def test_new_refuses_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.accord"
    path.write_text("mine")
    assert main(["new", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "exists" in err
    assert path.read_text() == "mine"


def test_check_of_garbage_exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "junk.accord"
    path.write_bytes(b"\x00\x01junk" * 100)
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "junk.accord" in err and "not an Accord workspace" in err


def test_missing_argument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    assert exit_info.value.code == 2
    assert "PATH" in capsys.readouterr().err


def test_help_lists_the_commands() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for command in ("new", "check", "--demo", "WORKSPACE"):
        assert command in result.stdout
