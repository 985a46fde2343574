"""The perception-gap chart: sales' index minus marketing's, per commandment."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from app.services.assessment.instrument import Instrument
from app.services.assessment.scoring import AssessmentResults
from app.views.assessment.charts.base import AssessmentChart, make_pen, translucent
from app.views.assessment.results_view import format_gap


class GapChart(AssessmentChart):
    """Per commandment, sales' index minus marketing's; large gaps stand out."""

    def draw(self, results: AssessmentResults, instrument: Instrument) -> None:
        threshold = results.gap_threshold
        self._heading(
            self.tr("Perception gaps, {0}: sales − marketing index (flagged beyond ±{1:g})").format(
                results.quarter, threshold
            )
        )
        plot = self._plot(row=1)
        rows = list(results.commandments)
        count = len(rows)
        ticks = [(count - 1 - n, r.commandment.title) for n, r in enumerate(rows)]
        left = plot.getAxis("left")
        left.setTicks([ticks, []])
        metrics = QFontMetrics(self.chart_font())
        left.setWidth(max(metrics.horizontalAdvance(t) for _y, t in ticks) + 16)

        biggest = max([abs(r.gap.gap) for r in rows if r.gap.gap is not None] + [threshold])
        reach = biggest * 1.35
        for n, result in enumerate(rows):
            y = count - 1 - n
            gap = result.gap.gap
            if gap is None:
                missing = self._text(self.tr("not enough answers"), self.colors.muted, (0, 0.5))
                missing.setPos(reach * 0.02, y)
                plot.addItem(missing)
                continue
            color = self.colors.error if result.gap.flagged else self.colors.accent
            bar = pg.BarGraphItem(
                x0=[min(0.0, gap)],
                y=[y],
                width=[abs(gap)],
                height=0.6,
                brush=translucent(color, 200),
                pen=make_pen(color),
            )
            plot.addItem(bar)
            value = self._text(
                format_gap(gap), color, (0, 0.5) if gap >= 0 else (1, 0.5), result.gap.flagged
            )
            value.setPos(gap + (reach * 0.015 if gap >= 0 else -reach * 0.015), y)
            plot.addItem(value)
        plot.addItem(pg.InfiniteLine(pos=0, angle=90, pen=make_pen(self.colors.text, 1.5)))
        for edge in (-threshold, threshold):
            plot.addItem(
                pg.InfiniteLine(
                    pos=edge, angle=90, pen=make_pen(self.colors.error, 1, Qt.PenStyle.DashLine)
                )
            )
        # Which side is which, inside the plot below the last bar (an axis label would
        # widen the plot).
        for text, x, anchor in (
            (self.tr("← marketing rates it higher"), -reach, (0, 0.5)),
            (self.tr("sales rates it higher →"), reach, (1, 0.5)),
        ):
            side = self._text(text, self.colors.muted, anchor)
            side.setPos(x, -1.05)
            plot.addItem(side)
        plot.setXRange(-reach, reach, padding=0)
        plot.setYRange(-1.5, count - 0.4, padding=0)
