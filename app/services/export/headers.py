"""Column headers per sheet as the generic profile writes them.

Other profiles rename some columns and add columns of their own (see `headers_for`);
the scoring sheets keep the same headers everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping

STAGES, STATUSES, SCORING_RULES, THRESHOLDS, PERSONAS, GLOSSARY = (
    "stages",
    "statuses",
    "scoring_rules",
    "thresholds",
    "personas",
    "glossary",
)
SHEET_IDS: tuple[str, ...] = (STAGES, STATUSES, SCORING_RULES, THRESHOLDS, PERSONAS, GLOSSARY)


_BASE_HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    STAGES: (
        ("key", "Accord key"),
        ("order", "Order"),
        ("name", "Name"),
        ("crm_value", "CRM value"),
        ("definition", "Definition"),
        ("entry_criteria", "Entry criteria"),
        ("exit_criteria", "Exit criteria"),
        ("owner_team", "Owner team"),
        ("sla_hours", "SLA hours"),
        ("recycle_path", "Recycle path"),
        ("status", "Status"),
    ),
    STATUSES: (
        ("key", "Accord key"),
        ("order", "Order"),
        ("name", "Name"),
        ("crm_value", "CRM value"),
        ("definition", "Definition"),
        ("owner_team", "Owner team"),
        ("status", "Status"),
    ),
    # The scoring sheets keep one shape for every profile: it is the rules workbook
    # that `app.services.scoring.rules_workbook` reads, so any export can be backtested.
    SCORING_RULES: tuple(
        (name, name)
        for name in (
            "model",
            "dimension",
            "field",
            "operator",
            "value",
            "points",
            "cap",
            "decay_half_life_days",
        )
    ),
    THRESHOLDS: tuple((name, name) for name in ("model", "kind", "label", "min_points")),
    PERSONAS: (
        ("key", "Accord key"),
        ("name", "Name"),
        ("role", "Role"),
        ("seniority", "Seniority"),
        ("industry", "Industry"),
        ("company_size", "Company size"),
        ("goals", "Goals"),
        ("pains", "Pains"),
        ("objections", "Objections"),
        ("buying_triggers", "Buying triggers"),
        ("channels", "Channels"),
        ("content", "Content"),
        ("status", "Status"),
    ),
    GLOSSARY: (
        ("key", "Accord key"),
        ("name", "Name"),
        ("category", "Category"),
        ("definition", "Definition"),
        ("synonyms", "Synonyms"),
        ("examples", "Examples"),
        ("owner_team", "Owner team"),
        ("status", "Status"),
    ),
}


def headers_for(
    renames: Mapping[str, Mapping[str, str]],
    inserts: Mapping[str, tuple[str, str, str]] | None = None,
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Base headers with some renamed and extra (after_field, field, header) columns."""
    result: dict[str, tuple[tuple[str, str], ...]] = {}
    for sheet, pairs in _BASE_HEADERS.items():
        columns: list[tuple[str, str]] = []
        for name, header in pairs:
            columns.append((name, renames.get(sheet, {}).get(name, header)))
            extra = (inserts or {}).get(sheet)
            if extra and extra[0] == name:
                columns.append((extra[1], extra[2]))
        result[sheet] = tuple(columns)
    return result
