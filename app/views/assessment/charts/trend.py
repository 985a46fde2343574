"""The trend chart: the overall index and each commandment's, quarter by quarter."""

from __future__ import annotations

import math
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QSizePolicy

from app.services.assessment.instrument import Instrument
from app.services.assessment.scoring import AssessmentResults
from app.views.assessment.charts.base import SERIES_COLORS, AssessmentChart, make_pen, translucent


class TrendChart(AssessmentChart):
    """The overall index and every commandment's index, quarter by quarter."""

    def draw(self, results: AssessmentResults, instrument: Instrument) -> None:
        self._heading(self.tr("Alignment index by quarter"), 2)
        plot = self._plot(row=1)
        trend = results.trend
        xs = list(range(len(trend)))
        # Every k-th quarter is named when forty of them would not fit side by side.
        label_width = QFontMetrics(self.chart_font()).horizontalAdvance("2026-Q4") + 16
        step = max(1, math.ceil(len(xs) * label_width / max(self.width() * 0.5, 1)))
        plot.getAxis("bottom").setTicks(
            [[(x, p.quarter) for x, p in zip(xs, trend, strict=True) if x % step == 0], []]
        )
        plot.setLabel("left", self.tr("Index (0–100)"), **self._label_style())
        # Stage names on the right edge, beside their bands, never on top of the lines.
        plot.showAxis("right")
        right = plot.getAxis("right")
        right.setTicks([[((s.lower + s.upper) / 2, s.name) for s in instrument.stages], []])
        right.setStyle(tickLength=0)
        stage_colors = (self.colors.error, self.colors.proposed, self.colors.agreed)
        for stage, color in zip(instrument.stages, stage_colors, strict=True):
            band = pg.LinearRegionItem(
                values=(stage.lower, stage.upper),
                orientation="horizontal",
                movable=False,
                brush=translucent(color, 22),
                pen=make_pen(color, 0, Qt.PenStyle.NoPen),
            )
            band.setZValue(-10)
            plot.addItem(band)

        legend = pg.LegendItem(labelTextColor=self.colors.text, verSpacing=-4)
        legend.setLabelTextSize(f"{self._legend_point_size(results):.0f}pt")
        for n, result in enumerate(results.commandments):
            values = [p.commandments.get(result.commandment.id) for p in trend]
            color = SERIES_COLORS[n % len(SERIES_COLORS)]
            curve = plot.plot(
                xs,
                [math.nan if v is None else v for v in values],
                pen=make_pen(color, 1.6),
                symbol="o",
                symbolSize=5,
                symbolBrush=color,
                symbolPen=None,
                connect="finite",
            )
            self._add_to_legend(legend, curve, escape(result.commandment.title))
        overall = [math.nan if p.overall is None else p.overall for p in trend]
        line = plot.plot(
            xs,
            overall,
            pen=make_pen(self.colors.text, 4),
            symbol="o",
            symbolSize=11,
            symbolBrush=self.colors.text,
            symbolPen=None,
            connect="finite",
        )
        self._add_to_legend(legend, line, f"<b>{escape(self.tr('Overall'))}</b>")
        for x, value in zip(xs, overall, strict=True):
            if not math.isnan(value):
                label = self._text(
                    f"{value:.0f}",
                    self.colors.text,
                    (0.5, 1.3),
                    bold=True,
                    fill=translucent(self.colors.base, 200),
                )
                label.setPos(x, value)
                plot.addItem(label)
        self.canvas.addItem(legend, row=1, col=1)
        # At its own height, centred beside the plot, rather than stretched to fill it.
        legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.canvas.ci.layout.setAlignment(legend, Qt.AlignmentFlag.AlignVCenter)
        plot.setYRange(0, 100, padding=0.02)
        plot.setXRange(-0.45, max(xs) + 0.45 if xs else 0.5, padding=0)

    def _legend_point_size(self, results: AssessmentResults) -> float:
        """Legend type that leaves the plot most of the width (never below 60% of normal)."""
        font = self.chart_font()
        size = font.pointSizeF() * 0.9
        font.setPointSizeF(size)
        widest = max(
            QFontMetrics(font).horizontalAdvance(r.commandment.title) for r in results.commandments
        )
        room = self.width() * 0.32 - 40  # the sample line and spacing
        if widest > room > 0:
            size = max(size * room / widest, size * 0.6 / 0.9)
        return size
