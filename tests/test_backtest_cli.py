"""`accord backtest`: a rules workbook or a workspace model against a lead file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.services.scoring.rules_workbook import write_rules_workbook
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)

MODEL = ScoringModelSpec(
    name="Test model",
    criteria=(
        CriterionSpec(Dimension.FIT, "Employees", Operator.GTE, ("100",), 40),
        CriterionSpec(Dimension.ENGAGEMENT, "Demo request", Operator.EQUALS, ("yes",), 30),
    ),
    thresholds=(ThresholdSpec(ThresholdKind.STATUS, "MQL", 60),),
)


@pytest.fixture
def leads(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    rows = [
        "employees,demo request,Converted",
        "500,Yes,yes",  # 70 -> converted
        "250,no,no",  # 40
        "20,yes,yes",  # 30 -> converted
        "N/A,-,no",
    ]  # 0
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_rules_workbook_backtest_json(
    tmp_path: Path, leads: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.xlsx"
    write_rules_workbook([MODEL], rules)
    out = tmp_path / "result.xlsx"
    code = main(
        [
            "backtest",
            "--leads",
            str(leads),
            "--rules",
            str(rules),
            "--band",
            "50",
            "--json",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["leads"] == 4 and result["conversions"] == 2
    assert result["threshold"] == 60
    assert [(b["low"], b["high"], b["leads"], b["conversions"]) for b in result["bands"]] == [
        (0, 50, 3, 1),
        (50, 100, 1, 1),
    ]
    assert out.exists()


def test_missing_lead_file_is_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.xlsx"
    write_rules_workbook([MODEL], rules)
    code = main(["backtest", "--leads", str(tmp_path / "nope.csv"), "--rules", str(rules)])
    assert code == 1
    assert capsys.readouterr().err.count("\n") >= 1


def test_workspace_model_backtest_prints_band_table(
    tmp_path: Path, leads: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.services.scoring.models_service import ScoringModelService
    from app.services.workspace import create_workspace

    workspace = create_workspace(tmp_path / "w.accord")
    service = ScoringModelService(workspace)
    service.set_active(service.create_from_spec(MODEL))
    workspace.close()
    code = main(["backtest", "--leads", str(leads), "--workspace", str(tmp_path / "w.accord")])
    assert code == 0
    out = capsys.readouterr().out
    assert "Test model" in out and "leads: 4" in out
