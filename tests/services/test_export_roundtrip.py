"""Export → read back → diff: nothing changes, and an edit shows as exactly that edit."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.export.profiles import get_profile, suggest_mapping
from app.services.export.readback import diff_definitions, read_definitions_workbook
from app.services.export.records import ExportBundle
from app.services.export.safety import clean_text
from app.services.export.sample import sample_bundle
from app.services.export.workbook import export_workbook

PROFILES = ("generic", "hubspot", "salesforce")


def _export(
    tmp_path: Path, profile_id: str, bundle: ExportBundle | None = None, **options: bool
) -> Path:
    bundle = bundle or sample_bundle()
    path = tmp_path / f"{profile_id}.xlsx"
    profile = get_profile(profile_id)
    export_workbook(bundle, profile, suggest_mapping(profile, bundle), path, **options)
    return path


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


@pytest.mark.parametrize("profile_id", PROFILES)
@pytest.mark.parametrize("include_proposed", [False, True])
def test_untouched_workbook_reads_back_with_no_change(
    tmp_path: Path, profile_id: str, include_proposed: bool
) -> None:
    path = _export(tmp_path, profile_id, include_proposed=include_proposed)

    parsed = read_definitions_workbook(path)

    assert parsed.profile == profile_id
    assert diff_definitions(sample_bundle(), parsed).to_json() == {
        "added": [],
        "changed": [],
        "removed": [],
    }


@pytest.mark.parametrize("profile_id", PROFILES)
def test_records_read_back_equal_the_exported_ones(tmp_path: Path, profile_id: str) -> None:
    bundle = sample_bundle()
    parsed = read_definitions_workbook(_export(tmp_path, profile_id, include_proposed=True))

    # Sign-offs live in the README only; CRM values are the profile's (tested elsewhere).
    for mine, theirs in ((bundle.stages, parsed.stages), (bundle.statuses, parsed.statuses)):
        back = {r.key: r for r in theirs}
        for record in mine:
            crm_value = back[record.key].crm_value
            assert back[record.key] == dataclasses.replace(
                record, agreed_by=(), crm_value=crm_value
            )
    for mine, theirs in ((bundle.glossary, parsed.glossary), (bundle.personas, parsed.personas)):
        assert {r.key: r for r in theirs} == {
            r.key: dataclasses.replace(r, agreed_by=()) for r in mine
        }
    models = {m.spec.name: m.spec for m in parsed.scoring_models}
    for model in bundle.scoring_models:
        # Field names come back as the workspace's, whatever the profile wrote.
        assert models[model.spec.name].criteria == model.spec.criteria
        assert set(models[model.spec.name].thresholds) == set(model.spec.thresholds)


def test_editing_one_cell_shows_exactly_that_change(tmp_path: Path) -> None:
    path = _export(tmp_path, "hubspot")
    _edit(path, "Lifecycle stages", "E4", "Scored 65 or more and fits the ICP.")

    diff = diff_definitions(sample_bundle(), read_definitions_workbook(path))

    assert diff.to_json() == {
        "added": [],
        "changed": [
            {
                "sheet": "Lifecycle stages",
                "key": "stage-3",
                "fields": [
                    {
                        "field": "definition",
                        "before": "Fits the ideal customer profile and scored 60 or more.",
                        "after": "Scored 65 or more and fits the ICP.",
                    }
                ],
            }
        ],
        "removed": [],
    }


def test_changing_a_crm_value_and_a_number_are_changes(tmp_path: Path) -> None:
    path = _export(tmp_path, "hubspot")
    _edit(path, "Lifecycle stages", "D6", "other")  # Opportunity → other
    _edit(path, "Thresholds", "D2", 65)

    diff = diff_definitions(sample_bundle(), read_definitions_workbook(path))

    changes = {(c.sheet, c.key): c.fields for c in diff.changed}
    [crm] = changes[("Lifecycle stages", "stage-5")]
    assert (crm.field, crm.before, crm.after) == ("crm_value", "opportunity", "other")
    [points] = changes[("Thresholds", "Inbound lead score / status / MQL")]
    assert (points.field, points.before, points.after) == ("min_points", 60, 65)
    assert '"before": 60, "after": 65' in json.dumps(diff.to_json())
    assert not diff.added and not diff.removed


def test_added_and_deleted_rows_are_additions_and_removals(tmp_path: Path) -> None:
    path = _export(tmp_path, "generic")
    book = openpyxl.load_workbook(path)
    glossary = book["Glossary"]
    glossary.delete_rows(3)  # Demo request
    book["Glossary"].append([None, "Churn", "general", "A customer who did not renew."])
    book.save(path)

    diff = diff_definitions(sample_bundle(), read_definitions_workbook(path))

    assert [(i.sheet, i.key) for i in diff.added] == [("Glossary", "new: Churn")]
    assert [(i.sheet, i.key) for i in diff.removed] == [("Glossary", "term-6")]
    assert not diff.changed


def test_proposed_items_left_out_of_the_export_are_not_removals(tmp_path: Path) -> None:
    path = _export(tmp_path, "generic", include_proposed=False)
    bundle = sample_bundle()
    # Agreed since the export: it was not in the workbook, so it was not deleted there.
    stages = [dataclasses.replace(s, status="agreed") for s in bundle.stages]

    diff = diff_definitions(
        dataclasses.replace(bundle, stages=stages), read_definitions_workbook(path)
    )

    assert diff.is_empty


def test_a_scoring_criterion_edit_names_the_model_and_position(tmp_path: Path) -> None:
    path = _export(tmp_path, "generic")
    _edit(path, "Scoring rules", "E3", "25;500")  # Company size between 50;1000

    diff = diff_definitions(sample_bundle(), read_definitions_workbook(path))

    [change] = diff.changed
    assert (change.sheet, change.key) == ("Scoring rules", "Inbound lead score #2")
    assert [(f.field, f.before, f.after) for f in change.fields] == [("value", "50;1000", "25;500")]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    definition=st.text(max_size=60),
    name=st.text(min_size=1, max_size=20).filter(lambda t: clean_text(t).strip()),
)
def test_any_text_survives_the_round_trip(tmp_path: Path, definition: str, name: str) -> None:
    bundle = sample_bundle()
    stage = dataclasses.replace(bundle.stages[0], name=name.strip(), definition=definition)
    bundle = dataclasses.replace(bundle, stages=[stage, *bundle.stages[1:]])
    path = _export(tmp_path, "generic", bundle)

    assert diff_definitions(bundle, read_definitions_workbook(path)).is_empty
