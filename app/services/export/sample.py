"""A realistic B2B software workspace's definitions, for tests, demos and benchmarks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.services.export.records import (
    AgreedBy,
    ExportBundle,
    GlossaryRecord,
    LeadStatusRecord,
    PersonaRecord,
    ScoringModelRecord,
    StageRecord,
)
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)


def _both(day: int) -> tuple[AgreedBy, ...]:
    return (
        AgreedBy("marketing", "Maya Lindqvist", date(2024, 4, day)),
        AgreedBy("sales", "Tomás Okafor", date(2024, 4, day + 1)),
    )


_STAGES = (
    (
        "Subscriber",
        "SUBSCRIBER",
        "Opted in to the newsletter or blog; no sales interest shown.",
        "Confirmed opt-in",
        "Fills in any form beyond the newsletter",
        "marketing",
        None,
        "",
    ),
    (
        "Lead",
        "LEAD",
        "A named contact who has shown interest beyond a subscription.",
        "Downloads gated content or attends a webinar",
        "Reaches the MQL score",
        "marketing",
        None,
        "Subscriber",
    ),
    (
        "Marketing Qualified Lead",
        "MQL",
        "Fits the ideal customer profile and scored 60 or more.",
        "Inbound lead score ≥ 60 and grade A or B",
        "Sales accepts or rejects it",
        "marketing",
        24.0,
        "Lead, with the reason recorded",
    ),
    (
        "Sales Qualified Lead",
        "SQL",
        "Sales confirmed budget, authority, need and timing.",
        "Discovery call held and BANT confirmed",
        "Opportunity created or disqualified",
        "sales",
        48.0,
        "Marketing Qualified Lead, for nurture",
    ),
    (
        "Opportunity",
        "OPP",
        "A deal with an amount and a close date in the pipeline.",
        "Opportunity record with amount",
        "Closed won or closed lost",
        "sales",
        None,
        "Lead, when lost for timing",
    ),
    (
        "Customer",
        "CUSTOMER",
        "Has signed an order form.",
        "Closed won",
        "Churns",
        "sales",
        None,
        "",
    ),
    (
        "Evangelist",
        "ADVOCATE",
        "A customer who refers others or speaks for us.",
        "Gave a reference or a case study",
        "",
        "marketing",
        None,
        "Customer",
    ),
)

_STATUSES = (
    ("New", "NEW", "Not yet worked by anyone."),
    ("Attempting contact", "ATTEMPTING", "Sales is trying to reach the lead (up to 6 touches)."),
    ("Connected", "CONNECTED", "A two-way conversation has happened."),
    ("Working", "WORKING", "Discovery in progress."),
    ("Nurture", "NURTURE", "Right fit, wrong time: back to marketing for nurture."),
    ("Disqualified", "DISQUALIFIED", "Not a fit; the reason is recorded."),
    ("Open deal", "OPEN_DEAL", "An opportunity is open for this lead's account."),
)

_GLOSSARY = (
    (
        "Ideal customer profile",
        "general",
        "The companies we win most often: B2B software, 50-1,000 employees, EU or US.",
        "ICP",
        "A 200-person SaaS company in Berlin",
    ),
    (
        "Company size",
        "field",
        "Number of employees of the lead's company, from enrichment.",
        "Headcount; Employees",
        "250",
    ),
    (
        "Industry",
        "field",
        "The lead's company industry, from the enrichment picklist.",
        "Vertical",
        "Software",
    ),
    ("Job title", "field", "The title the lead gave on the form.", "Title", "VP Revenue Ops"),
    (
        "Lead source",
        "field",
        "The first channel that brought the lead.",
        "Original source",
        "Paid search",
    ),
    ("Demo request", "general", "A form asking for a live product demo.", "", ""),
    (
        "Hand-off",
        "general",
        "The moment an MQL becomes Sales' responsibility.",
        "Handover",
        "MQL routed to an SDR",
    ),
    (
        "Recycle",
        "general",
        "Sending a lead back to an earlier stage with a reason.",
        "",
        "- no budget this year",
    ),
    (
        "Service level agreement",
        "general",
        "The time Sales commits to contact an MQL: 24 working hours.",
        "SLA",
        "",
    ),
)

_PERSONAS = (
    (
        "Operations Olivia",
        "VP Revenue Operations",
        "Executive",
        "B2B software",
        "200-1,000",
        "One source of truth for pipeline numbers",
        "Marketing and Sales count leads differently",
        "Another tool to maintain",
        "New CRO, board asking for funnel metrics",
        "LinkedIn; RevOps community Slack",
        "Benchmarks, implementation guides",
    ),
    (
        "Data Dan",
        "Head of Data",
        "Director",
        "Fintech",
        "100-500",
        "Clean, documented CRM fields",
        "Free-text fields nobody agreed on",
        "Security review takes months",
        "Data warehouse migration",
        "Meetups; engineering blogs",
        "Technical documentation, API reference",
    ),
    (
        "Finance Fiona",
        "Chief Financial Officer",
        "Executive",
        "SaaS",
        "50-200",
        "Predictable pipeline and CAC",
        "Forecasts that miss by 30%",
        "Price",
        "Budget planning season",
        "Email; peer referrals",
        "ROI calculator",
    ),
)


def _criteria() -> tuple[CriterionSpec, ...]:
    fit, engagement = Dimension.FIT, Dimension.ENGAGEMENT
    return (
        CriterionSpec(fit, "Industry", Operator.ONE_OF, ("Software", "SaaS", "Fintech"), 15),
        CriterionSpec(fit, "Company size", Operator.BETWEEN, ("50", "1000"), 20),
        CriterionSpec(fit, "Job title", Operator.CONTAINS, ("VP",), 10),
        CriterionSpec(fit, "Country", Operator.EQUALS, ("Germany",), 5),
        CriterionSpec(fit, "Email domain", Operator.ONE_OF, ("gmail.com", "yahoo.com"), -20),
        CriterionSpec(engagement, "Demo requested", Operator.IS_NOT_EMPTY, (), 30),
        CriterionSpec(engagement, "Pricing page visits", Operator.GTE, ("3",), 10, 30, 14),
        CriterionSpec(engagement, "Webinar attended", Operator.EQUALS, ("yes",), 5.5, None, 30),
    )


def _thresholds() -> tuple[ThresholdSpec, ...]:
    status, grade = ThresholdKind.STATUS, ThresholdKind.GRADE
    return (
        ThresholdSpec(status, "MQL", 60),
        ThresholdSpec(status, "Nurture", 30),
        ThresholdSpec(grade, "A", 40),
        ThresholdSpec(grade, "B", 25),
        ThresholdSpec(grade, "C", 10),
        ThresholdSpec(grade, "D", 0),
    )


def sample_bundle() -> ExportBundle:
    """A B2B software company's agreed definitions, with a few still proposed."""
    stages = [
        StageRecord(
            f"stage-{i + 1}",
            i + 1,
            name,
            crm,
            definition,
            entry,
            exit_,
            team,
            sla,
            recycle,
            "agreed",
            _both(2 + i),
        )
        for i, (name, crm, definition, entry, exit_, team, sla, recycle) in enumerate(_STAGES)
    ]
    stages.append(
        StageRecord(
            "stage-8",
            8,
            "Product Qualified Lead",
            "PQL",
            "A trial user who reached the activation milestone.",
            "Activated in the free trial",
            "Sales accepts it",
            "shared",
            12.0,
            status="proposed",
            agreed_by=_both(20)[:1],
        )
    )
    statuses = [
        LeadStatusRecord(
            f"status-{i + 1}", i + 1, name, crm, definition, "sales", "agreed", _both(10 + i)
        )
        for i, (name, crm, definition) in enumerate(_STATUSES)
    ]
    glossary = [
        GlossaryRecord(
            f"term-{i + 1}",
            name,
            category,
            definition,
            synonyms,
            examples,
            "shared",
            "agreed",
            _both(3),
        )
        for i, (name, category, definition, synonyms, examples) in enumerate(_GLOSSARY)
    ]
    glossary.append(
        GlossaryRecord(
            "term-99",
            "Buying committee",
            "general",
            "Everyone who signs off a purchase.",
            status="proposed",
        )
    )
    personas = [
        PersonaRecord(
            f"persona-{i + 1}",
            *fields,
            status="agreed" if i < 2 else "proposed",
            agreed_by=_both(15) if i < 2 else (),
        )
        for i, fields in enumerate(_PERSONAS)
    ]
    models = [
        ScoringModelRecord(
            ScoringModelSpec("Inbound lead score", _criteria(), _thresholds()), "agreed", _both(22)
        ),
        ScoringModelRecord(
            ScoringModelSpec("Outbound fit score", _criteria()[:3], _thresholds()[2:]),
            "proposed",
        ),
    ]
    return ExportBundle(
        workspace_name="Northwind Analytics: revenue team",
        exported_at=datetime(2024, 5, 14, 9, 30, tzinfo=UTC),
        accord_version="0.1.0",
        stages=tuple(stages),
        statuses=tuple(statuses),
        glossary=tuple(glossary),
        personas=tuple(personas),
        scoring_models=tuple(models),
        plan_context=(
            ("Funnel plan", "Q3 2024: 1,200 MQLs, 25% MQL to SQL, 30% SQL to won"),
            ("Hand-off SLA", "Sales contacts every MQL within 24 working hours"),
        ),
    )
