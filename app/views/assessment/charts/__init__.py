"""Assessment charts drawn with pyqtgraph: radar of the teams, perception gaps, the trend.

This package is the only place the page imports pyqtgraph, and the page imports it
when the Charts tab is first shown, so start-up does not pay for it. Each chart is a
small widget with `show_results(results, instrument)` and `export_png(path, size)`.
"""

from __future__ import annotations

from app.views.assessment.charts.base import DEFAULT_EXPORT_SIZE, AssessmentChart
from app.views.assessment.charts.gaps import GapChart
from app.views.assessment.charts.radar import RadarChart
from app.views.assessment.charts.trend import TrendChart

__all__ = [
    "CHARTS",
    "DEFAULT_EXPORT_SIZE",
    "AssessmentChart",
    "GapChart",
    "RadarChart",
    "TrendChart",
]

CHARTS: tuple[tuple[str, type[AssessmentChart]], ...] = (
    ("radar", RadarChart),
    ("gaps", GapChart),
    ("trend", TrendChart),
)
