"""Target CRM profiles: column headers, the CRM's own values and its naming rules.

A profile decides what the workbook calls each column and which internal values the
lifecycle stage and lead status columns may hold. HubSpot's lifecycle stages and lead
statuses are fixed sets, so every workspace item must be mapped onto one of them; the
Salesforce Lead Status picklist ships with four standard values but accepts custom ones;
the generic profile writes the workspace's own values untouched.

The mapping (workspace item key → profile value) is edited and stored by the GUI and
passed in; `suggest_mapping` proposes one and `unmapped_items` lists what is still
missing before anything is written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from app.services.errors import ValidationError
from app.services.export.headers import (
    GLOSSARY,
    STAGES,
    STATUSES,
    THRESHOLDS,
    headers_for,
)
from app.services.export.naming import (
    ascii_fold,
    hubspot_property_name,
    salesforce_field_api_name,
)
from app.services.export.records import (
    ExportBundle,
    LeadStatusRecord,
    StageRecord,
    is_exported,
)


@dataclass(frozen=True)
class PicklistValue:
    """One value a CRM picklist allows: the stored value, its label, other names."""

    value: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueSet:
    """The values a CRM column accepts; `closed` means no others are allowed."""

    values: tuple[PicklistValue, ...]
    closed: bool

    def canonical(self, text: str) -> str | None:
        """The stored value `text` names (by value or label, any case), if any."""
        wanted = text.strip().casefold()
        if not wanted:
            return None
        for item in self.values:
            if wanted in (item.value.casefold(), item.label.casefold()):
                return item.value
        return None

    def label_of(self, value: str) -> str | None:
        return next((item.label for item in self.values if item.value == value), None)


@dataclass(frozen=True)
class Profile:
    """How one CRM wants the definitions: headers per sheet, values and names."""

    id: str
    label: str
    # Sheet id → ordered (field, header) pairs; the order is the column order.
    headers: Mapping[str, tuple[tuple[str, str], ...]]
    value_sets: Mapping[str, ValueSet] = field(default_factory=dict)
    field_naming: str = "none"

    def value_set(self, sheet: str) -> ValueSet | None:
        return self.value_sets.get(sheet)

    def field_name(self, label: str) -> str:
        """The CRM's name for a lead field called `label` in the workspace."""
        if self.field_naming == "hubspot":
            return hubspot_property_name(label)
        if self.field_naming == "salesforce":
            return salesforce_field_api_name(label)
        return label


def _values(*items: tuple[str, str, tuple[str, ...]]) -> tuple[PicklistValue, ...]:
    return tuple(PicklistValue(value, label, aliases) for value, label, aliases in items)


HUBSPOT = Profile(
    id="hubspot",
    label="HubSpot",
    headers=headers_for(
        {
            STAGES: {"name": "Stage label", "crm_value": "Lifecycle stage internal value"},
            STATUSES: {"name": "Status label", "crm_value": "Lead status internal value"},
        },
        {GLOSSARY: ("category", "crm_field_name", "HubSpot property name")},
    ),
    value_sets={
        STAGES: ValueSet(
            _values(
                ("subscriber", "Subscriber", ("Newsletter subscriber",)),
                ("lead", "Lead", ("Raw lead", "Inquiry")),
                ("marketingqualifiedlead", "Marketing Qualified Lead", ("MQL",)),
                ("salesqualifiedlead", "Sales Qualified Lead", ("SQL",)),
                ("opportunity", "Opportunity", ("Opp", "Deal")),
                ("customer", "Customer", ("Closed won", "Won")),
                ("evangelist", "Evangelist", ("Advocate", "Promoter")),
                ("other", "Other", ()),
            ),
            closed=True,
        ),
        STATUSES: ValueSet(
            _values(
                ("NEW", "New", ()),
                ("OPEN", "Open", ()),
                ("IN_PROGRESS", "In progress", ("Working",)),
                ("OPEN_DEAL", "Open deal", ()),
                ("UNQUALIFIED", "Unqualified", ("Disqualified", "Not qualified")),
                ("ATTEMPTED_TO_CONTACT", "Attempted to contact", ("Attempting", "Contacting")),
                ("CONNECTED", "Connected", ("Contacted",)),
                ("BAD_TIMING", "Bad timing", ("Not now", "Nurture")),
            ),
            closed=True,
        ),
    },
    field_naming="hubspot",
)

SALESFORCE = Profile(
    id="salesforce",
    label="Salesforce",
    headers=headers_for(
        {
            STAGES: {"order": "Sort order", "name": "Picklist label", "crm_value": "API name"},
            STATUSES: {"order": "Sort order", "crm_value": "API name"},
        },
        {
            STATUSES: ("name", "picklist_label", "Picklist label"),
            THRESHOLDS: ("min_points", "rating", "Rating"),
            GLOSSARY: ("category", "crm_field_name", "Salesforce API name"),
        },
    ),
    value_sets={
        # Lifecycle stages go to a custom picklist field whose values are the workspace's.
        STAGES: ValueSet((), closed=False),
        STATUSES: ValueSet(
            _values(
                ("Open - Not Contacted", "Open - Not Contacted", ("New", "Open")),
                (
                    "Working - Contacted",
                    "Working - Contacted",
                    ("Working", "In progress", "Contacted"),
                ),
                ("Closed - Converted", "Closed - Converted", ("Converted", "Qualified")),
                (
                    "Closed - Not Converted",
                    "Closed - Not Converted",
                    ("Unqualified", "Disqualified", "Not converted"),
                ),
            ),
            closed=False,
        ),
    },
    field_naming="salesforce",
)

GENERIC = Profile(id="generic", label="Generic", headers=headers_for({}))

PROFILES: dict[str, Profile] = {p.id: p for p in (HUBSPOT, SALESFORCE, GENERIC)}


def get_profile(profile_id: str) -> Profile:
    """The profile called `profile_id` (hubspot, salesforce or generic)."""
    try:
        return PROFILES[profile_id.strip().lower()]
    except KeyError:
        choices = ", ".join(PROFILES)
        raise ValidationError(
            f"'{profile_id}' is not a known CRM profile; choose one of {choices}.",
            field="profile",
        ) from None


OrderedRecord = StageRecord | LeadStatusRecord


def crm_value_for(
    profile: Profile, sheet: str, record: OrderedRecord, mapping: Mapping[str, str]
) -> str:
    """The internal value the export writes for a stage or status ("" = unmapped).

    The generic profile writes the workspace's own CRM value and ignores the mapping.
    """
    values = profile.value_set(sheet)
    if values is None:
        return record.crm_value
    chosen = mapping.get(record.key, "").strip()
    if chosen:
        canonical = values.canonical(chosen)
        if canonical or not values.closed:
            return canonical or chosen
    own = values.canonical(record.crm_value)
    if own:
        return own
    if values.closed:
        return ""
    return record.crm_value.strip() or record.name


@dataclass(frozen=True)
class UnmappedItem:
    """An item the export cannot give a proper CRM value, and why."""

    sheet: str
    key: str
    name: str
    message: str


def _ordered_records(
    bundle: ExportBundle, include_proposed: bool
) -> Iterator[tuple[str, OrderedRecord]]:
    groups: tuple[tuple[str, Sequence[OrderedRecord]], ...] = (
        (STAGES, bundle.stages),
        (STATUSES, bundle.statuses),
    )
    for sheet, records in groups:
        for record in sorted(records, key=lambda r: (r.order, r.key)):
            if is_exported(record.status, include_proposed):
                yield sheet, record


def unmapped_items(
    profile: Profile,
    bundle: ExportBundle,
    mapping: Mapping[str, str],
    *,
    include_proposed: bool = False,
) -> list[UnmappedItem]:
    """Stages and statuses with no CRM value, or sharing one with another item."""
    problems: list[UnmappedItem] = []
    seen: dict[tuple[str, str], str] = {}
    crm = "CRM" if profile.value_sets == {} else profile.label
    for sheet, record in _ordered_records(bundle, include_proposed):
        value = crm_value_for(profile, sheet, record, mapping)
        chosen = mapping.get(record.key, "").strip() if profile.value_sets else ""
        if not value:
            message = f"has no {crm} value"
            if chosen:
                message = f"is mapped to '{chosen}', which is not a {crm} value"
            problems.append(UnmappedItem(sheet, record.key, record.name, message))
        elif (sheet, value.casefold()) in seen:
            other = seen[(sheet, value.casefold())]
            message = f"has the same {crm} value '{value}' as '{other}'"
            problems.append(UnmappedItem(sheet, record.key, record.name, message))
        else:
            seen[(sheet, value.casefold())] = record.name
    return problems


def _normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def _acronym(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", ascii_fold(text))
    return "".join(w[0] for w in words).lower() if len(words) > 1 else ""


def _names(values: ValueSet) -> dict[str, str]:
    """Every normalised name (value, label, alias, label acronym) → stored value."""
    names: dict[str, str] = {}
    for item in values.values:
        for name in (item.value, item.label, *item.aliases):
            names.setdefault(_normalised(name), item.value)
        if _acronym(item.label):
            names.setdefault(_acronym(item.label), item.value)
    return names


def _exact_match(names: Mapping[str, str], record: OrderedRecord) -> str | None:
    for probe in (record.crm_value, record.name):
        for form in (_normalised(probe), _acronym(probe)):
            if form and form in names:
                return names[form]
    return None


def _close_match(names: Mapping[str, str], record: OrderedRecord, taken: set[str]) -> str | None:
    wanted = _normalised(record.name)
    best, best_ratio = None, 0.8
    for name, value in names.items():
        ratio = difflib.SequenceMatcher(None, wanted, name).ratio()
        if value not in taken and ratio > best_ratio:
            best, best_ratio = value, ratio
    return best


def suggest_mapping(
    profile: Profile, records: ExportBundle | Iterable[OrderedRecord]
) -> dict[str, str]:
    """Proposed profile values for stages and statuses, by name similarity.

    "Marketing Qualified Lead" and "MQL" both become HubSpot's
    `marketingqualifiedlead`. Items with no convincing match are left out.
    """
    if isinstance(records, ExportBundle):
        records = [*records.stages, *records.statuses]
    ordered = sorted(records, key=lambda r: (r.order, r.key))
    suggestions: dict[str, str] = {}
    taken: dict[str, set[str]] = {STAGES: set(), STATUSES: set()}
    # Exact names first, then close ones, so a near miss never takes a value that
    # another item names exactly; each value is offered to one item only.
    for exact in (True, False):
        for record in ordered:
            sheet = STAGES if isinstance(record, StageRecord) else STATUSES
            values = profile.value_set(sheet)
            if record.key in suggestions or values is None or not values.values:
                continue
            names = _names(values)
            if exact:
                value = _exact_match(names, record)
                value = None if value in taken[sheet] else value
            else:
                value = _close_match(names, record, taken[sheet])
            if value is not None:
                suggestions[record.key] = value
                taken[sheet].add(value)
    return suggestions
