"""CRM profiles: internal values, naming rules, mapping suggestions, unmapped items."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import openpyxl
import pytest

from app.services.errors import ValidationError
from app.services.export.profiles import (
    HUBSPOT,
    SALESFORCE,
    get_profile,
    hubspot_property_name,
    salesforce_field_api_name,
    suggest_mapping,
    unmapped_items,
)
from app.services.export.records import StageRecord
from app.services.export.sample import sample_bundle
from app.services.export.workbook import export_workbook

HUBSPOT_STAGES = {
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "evangelist",
    "other",
}
HUBSPOT_STATUSES = {
    "NEW",
    "OPEN",
    "IN_PROGRESS",
    "OPEN_DEAL",
    "UNQUALIFIED",
    "ATTEMPTED_TO_CONTACT",
    "CONNECTED",
    "BAD_TIMING",
}


def _sheet_rows(path: Path, title: str) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(path)[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_hubspot_value_sets_are_exactly_hubspots() -> None:
    assert {v.value for v in HUBSPOT.value_sets["stages"].values} == HUBSPOT_STAGES
    assert {v.value for v in HUBSPOT.value_sets["statuses"].values} == HUBSPOT_STATUSES


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Company size", "company_size"),
        ("Job title", "jobtitle"),
        ("Lifecycle stage", "lifecyclestage"),
        ("Pricing page visits (30 days)", "pricing_page_visits_30_days"),
        ("Último contacto", "ultimo_contacto"),
        ("3rd-party intent", "p_3rd_party_intent"),
        ("already_snake", "already_snake"),
    ],
)
def test_hubspot_property_names_are_lower_snake_case(label: str, expected: str) -> None:
    assert hubspot_property_name(label) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Company size", "Company_size__c"),
        ("Industry", "Industry"),
        ("Annual revenue", "AnnualRevenue"),
        ("Number of employees", "NumberOfEmployees"),
        ("Lead source", "LeadSource"),
        ("Pricing page visits (30 days)", "Pricing_page_visits_30_days__c"),
        ("Lead_Score__c", "Lead_Score__c"),
        ("2024 budget", "X2024_budget__c"),
    ],
)
def test_salesforce_api_names_use_standard_fields_or_custom_suffix(
    label: str, expected: str
) -> None:
    assert salesforce_field_api_name(label) == expected


def test_salesforce_custom_names_respect_the_length_and_underscore_rules() -> None:
    name = salesforce_field_api_name("A very long label -- with   odd punctuation & words " * 2)
    stem = name.removesuffix("__c")
    assert name.endswith("__c") and len(stem) <= 40
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*", stem)


def test_a_label_with_no_letters_cannot_be_named() -> None:
    with pytest.raises(ValidationError):
        hubspot_property_name("—")


def test_unknown_profile_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError, match="hubspot, salesforce, generic"):
        get_profile("pipedrive")


@pytest.mark.parametrize("name", ["Marketing Qualified Lead", "MQL", "marketing-qualified lead"])
def test_suggestion_finds_hubspots_mql(name: str) -> None:
    stage = StageRecord("s1", 1, name)
    assert suggest_mapping(HUBSPOT, [stage]) == {"s1": "marketingqualifiedlead"}


def test_suggestions_cover_the_sample_and_never_repeat_a_value() -> None:
    bundle = sample_bundle()
    mapping = suggest_mapping(HUBSPOT, bundle)

    agreed = [r for r in (*bundle.stages, *bundle.statuses) if r.status == "agreed"]
    assert {r.key for r in agreed} <= set(mapping)
    stage_values = [mapping[s.key] for s in bundle.stages if s.key in mapping]
    assert len(stage_values) == len(set(stage_values))
    assert mapping["status-2"] == "ATTEMPTED_TO_CONTACT"
    assert "stage-8" not in mapping  # "Product Qualified Lead" has no HubSpot twin


def test_unmapped_items_lists_missing_and_shared_values() -> None:
    stages = [
        StageRecord("a", 1, "Raw"),
        StageRecord("b", 2, "Hot"),
        StageRecord("c", 3, "MQL"),
        StageRecord("d", 4, "Won"),
    ]
    bundle = dataclasses.replace(sample_bundle(), stages=stages, statuses=[])
    mapping = {"b": "lead", "c": "LEAD", "d": "closedwon"}

    problems = unmapped_items(HUBSPOT, bundle, mapping)

    assert [(p.key, p.message) for p in problems] == [
        ("a", "has no HubSpot value"),
        ("c", "has the same HubSpot value 'lead' as 'Hot'"),
        ("d", "is mapped to 'closedwon', which is not a HubSpot value"),
    ]


def test_generic_profile_reports_items_without_their_own_crm_value() -> None:
    stages = [StageRecord("a", 1, "Raw", crm_value="RAW"), StageRecord("b", 2, "Hot")]
    bundle = dataclasses.replace(sample_bundle(), stages=stages, statuses=[])

    [problem] = unmapped_items(get_profile("generic"), bundle, {})

    assert (problem.key, problem.message) == ("b", "has no CRM value")


def test_unmapped_items_ignores_proposed_items_unless_included() -> None:
    bundle = sample_bundle()
    mapping = suggest_mapping(HUBSPOT, bundle)
    assert unmapped_items(HUBSPOT, bundle, mapping) == []
    [item] = unmapped_items(HUBSPOT, bundle, mapping, include_proposed=True)
    assert item.name == "Product Qualified Lead"


def test_hubspot_export_writes_only_hubspot_values(tmp_path: Path) -> None:
    bundle = sample_bundle()
    path = tmp_path / "hubspot.xlsx"
    export_workbook(bundle, HUBSPOT, suggest_mapping(HUBSPOT, bundle), path)

    stages = _sheet_rows(path, "Lifecycle stages")
    statuses = _sheet_rows(path, "Lead statuses")
    assert [r["Lifecycle stage internal value"] for r in stages] == [
        "subscriber",
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "opportunity",
        "customer",
        "evangelist",
    ]
    assert {r["Lead status internal value"] for r in statuses} <= HUBSPOT_STATUSES
    fields = {r["field"] for r in _sheet_rows(path, "Scoring rules")}
    assert {"industry", "company_size", "jobtitle", "pricing_page_visits"} <= fields
    glossary = {r["Name"]: r["HubSpot property name"] for r in _sheet_rows(path, "Glossary")}
    assert glossary["Company size"] == "company_size"
    assert glossary["Ideal customer profile"] is None


def test_salesforce_export_has_picklist_labels_api_names_and_ratings(tmp_path: Path) -> None:
    bundle = sample_bundle()
    path = tmp_path / "salesforce.xlsx"
    export_workbook(bundle, SALESFORCE, {"status-7": "Closed - Converted"}, path)

    statuses = {r["Name"]: r for r in _sheet_rows(path, "Lead statuses")}
    assert statuses["Open deal"]["Picklist label"] == "Closed - Converted"
    assert statuses["Open deal"]["API name"] == "Closed - Converted"
    assert statuses["Nurture"]["API name"] == "NURTURE"  # a custom picklist value
    ratings = {r["label"]: r["Rating"] for r in _sheet_rows(path, "Thresholds")}
    assert ratings == {
        "MQL": None,
        "Nurture": None,
        "A": "Hot",
        "B": "Warm",
        "C": "Cold",
        "D": "Cold",
    }
    fields = {r["field"] for r in _sheet_rows(path, "Scoring rules")}
    assert {"Industry", "Company_size__c", "Title", "Pricing_page_visits__c"} <= fields
    glossary = {r["Name"]: r["Salesforce API name"] for r in _sheet_rows(path, "Glossary")}
    assert glossary["Lead source"] == "LeadSource"


def test_generic_export_writes_the_workspaces_own_values(tmp_path: Path) -> None:
    path = tmp_path / "generic.xlsx"
    export_workbook(sample_bundle(), "generic", {"stage-3": "ignored"}, path)

    stages = _sheet_rows(path, "Lifecycle stages")
    assert [r["CRM value"] for r in stages][:3] == ["SUBSCRIBER", "LEAD", "MQL"]
