"""CRM export speed: the large workspace to XLSX, as a ratio to openpyxl write-only.

The baseline writes exactly the cells our export writes (every sheet, the README and
the hidden export-data sheet, after the safety rules) with openpyxl in write-only mode
and nothing else: no styles, tables, validation or widths. Our figure is the whole
export from the bundle (building rows, safety rules, layout, atomic write). Goal ≤ 1.2×.

The large workspace (DESIGN.md): about 2,000 terms (here 200 lifecycle stages, 200 lead
statuses and 1,600 glossary terms), 200 personas and 20 scoring models with 400
criteria in total. `quick` uses a tenth of that.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl

from app.services.export.cells import safe_rows
from app.services.export.profiles import get_profile, suggest_mapping
from app.services.export.records import (
    AgreedBy,
    ExportBundle,
    GlossaryRecord,
    LeadStatusRecord,
    PersonaRecord,
    ScoringModelRecord,
    StageRecord,
)
from app.services.export.sheets import build_sheets
from app.services.export.sheets.base import CellValue
from app.services.export.sheets.readme import build_meta, build_readme
from app.services.export.workbook import export_workbook
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)

_WORDS = (
    "lead", "qualified", "budget", "authority", "need", "timing", "demo", "pricing",
    "webinar", "trial", "account", "contact", "enrichment", "industry", "revenue",
    "pipeline", "handoff", "nurture", "intent", "fit", "score",
)  # fmt: skip


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def _sign_offs(rng: random.Random) -> tuple[AgreedBy, ...]:
    day = date(2024, 1, 1 + rng.randrange(28))
    return (AgreedBy("marketing", "Maya Lindqvist", day), AgreedBy("sales", "Tomás Okafor", day))


def _persona(rng: random.Random, index: int) -> PersonaRecord:
    return PersonaRecord(
        key=f"persona-{index}",
        name=f"Persona {index}",
        role=_text(rng, 3),
        seniority=_text(rng, 1),
        industry=_text(rng, 2),
        company_size=_text(rng, 2),
        goals=_text(rng, 15),
        pains=_text(rng, 15),
        objections=_text(rng, 12),
        buying_triggers=_text(rng, 10),
        channels=_text(rng, 5),
        content=_text(rng, 8),
        agreed_by=_sign_offs(rng),
    )


def large_bundle(scale: float = 1.0, seed: int = 7) -> ExportBundle:
    """A synthetic workspace the size of DESIGN.md's large one (times `scale`)."""
    rng = random.Random(seed)
    n = int(200 * scale)
    stages = tuple(
        StageRecord(f"stage-{i}", i, f"Stage {i}", f"STAGE_{i}", _text(rng, 25),
                    _text(rng, 10), _text(rng, 10), rng.choice(("sales", "marketing")),
                    float(rng.choice((24, 48, 72))), f"Stage {max(i - 1, 0)}", "agreed",
                    _sign_offs(rng))
        for i in range(n)
    )  # fmt: skip
    statuses = tuple(
        LeadStatusRecord(f"status-{i}", i, f"Status {i}", f"STATUS_{i}", _text(rng, 20),
                         "sales", "agreed", _sign_offs(rng))
        for i in range(n)
    )  # fmt: skip
    glossary = tuple(
        GlossaryRecord(f"term-{i}", f"Term {i}", rng.choice(("field", "general")),
                       _text(rng, 30), _text(rng, 3), _text(rng, 8), "shared",
                       rng.choice(("agreed", "agreed", "proposed")), _sign_offs(rng))
        for i in range(int(1600 * scale))
    )  # fmt: skip
    personas = tuple(_persona(rng, i) for i in range(int(200 * scale)))
    models = []
    for m in range(max(2, int(20 * scale))):
        criteria = tuple(
            CriterionSpec(rng.choice((Dimension.FIT, Dimension.ENGAGEMENT)), f"Field {c}",
                          rng.choice((Operator.ONE_OF, Operator.GTE, Operator.EQUALS)),
                          ("10", "20"), float(rng.randrange(-10, 30)), 40.0, 14.0)
            for c in range(20)
        )  # fmt: skip
        thresholds = (
            ThresholdSpec(ThresholdKind.STATUS, "MQL", 60),
            *(
                ThresholdSpec(ThresholdKind.GRADE, g, p)
                for g, p in zip("ABCD", (40, 25, 10, 0), strict=True)
            ),
        )
        models.append(ScoringModelRecord(ScoringModelSpec(f"Model {m}", criteria, thresholds)))
    return ExportBundle("Large workspace", datetime(2024, 5, 1, tzinfo=UTC), "0.1.0",
                        stages, statuses, glossary, personas, tuple(models))  # fmt: skip


def _baseline_cells(
    bundle: ExportBundle, profile_id: str
) -> list[tuple[str, list[list[CellValue]]]]:
    """Every sheet's cells exactly as the export writes them."""
    profile = get_profile(profile_id)
    mapping = suggest_mapping(profile, bundle)
    sheets = build_sheets(bundle, profile, mapping, False)
    readme = build_readme(bundle, profile, False, sheets)
    meta = build_meta(profile, False, sheets)
    warnings: list = []
    out = [(readme.title, list(safe_rows(readme.title, (), readme.rows, warnings, 1)))]
    for sheet in sheets:
        rows: list[list[CellValue]] = [
            list(sheet.headers),
            *safe_rows(sheet.title, sheet.headers, sheet.rows, warnings),
        ]
        out.append((sheet.title, rows))
    out.append((meta.title, list(safe_rows(meta.title, (), meta.rows, warnings, 1))))
    return out


def _openpyxl_write_only(cells: list[tuple[str, list[list[CellValue]]]], path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    for title, rows in cells:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


def _timed(action: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def run(quick: bool) -> list[dict]:
    scale = 0.1 if quick else 1.0
    bundle = large_bundle(scale)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for profile_id in ("generic", "hubspot"):
            profile = get_profile(profile_id)
            mapping = suggest_mapping(profile, bundle)
            cells = _baseline_cells(bundle, profile_id)
            count = sum(len(row) for _, rows in cells for row in rows)
            ours_path, base_path = Path(folder, "ours.xlsx"), Path(folder, "base.xlsx")
            # Alternate the two so that machine noise hits both alike.
            ours = base = float("inf")
            for _ in range(3):
                base = min(base, _timed(_openpyxl_write_only, cells, base_path))
                ours = min(ours, _timed(export_workbook, bundle, profile, mapping, ours_path))
            ratio = ours / base
            results.append(
                {
                    "name": f"export_xlsx_{profile_id}_vs_openpyxl_write_only",
                    "value": round(ratio, 3),
                    "unit": "x",
                    "goal": "<= 1.2x",
                    "meets_goal": ratio <= 1.2,
                    "detail": (
                        f"{profile.label} profile, {count:,} cells: export {ours:.3f} s, "
                        f"openpyxl write-only {base:.3f} s (best of 3)"
                    ),
                }
            )
    return results


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), indent=2))
