"""The radar chart: every commandment around a circle, sales and marketing overlaid."""

from __future__ import annotations

import math
import textwrap
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QFontMetrics, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem

from app.services.assessment.instrument import Instrument
from app.services.assessment.scoring import AssessmentResults
from app.views.assessment.charts.base import (
    MARKETING_COLOR,
    SALES_COLOR,
    AssessmentChart,
    make_pen,
    translucent,
)


class RadarChart(AssessmentChart):
    """The commandments around a circle: how sales and how marketing rate each one."""

    RADIUS = 100.0
    LABEL_RADIUS = 108.0
    numbered: bool | None = None

    def draw(self, results: AssessmentResults, instrument: Instrument) -> None:
        title = self.tr("How each team sees the commandments, {0}").format(results.quarter)
        self.numbered = self._needs_numbers()
        self._heading(title, 2 if self.numbered else 1)
        plot = self._plot(row=1)
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        plot.setAspectLocked(True)
        if not self.numbered:
            # With numbered spokes the key beside the chart says which line is which.
            legend = plot.addLegend(
                offset=(8, 8),
                labelTextColor=self.colors.text,
                labelTextSize=f"{self.chart_font().pointSizeF():.0f}pt",
            )
            legend.setBrush(translucent(self.colors.base, 220))
        titles = [r.commandment.title for r in results.commandments]
        count = len(titles)
        angles = [math.pi / 2 - 2 * math.pi * n / count for n in range(count)]

        def point(angle: float, radius: float) -> QPointF:
            return QPointF(radius * math.cos(angle), radius * math.sin(angle))

        def ring(radius: float, pen: QPen) -> None:
            points = [point(a, radius) for a in [*angles, angles[0]]]
            plot.plot([p.x() for p in points], [p.y() for p in points], pen=pen)

        ring(self.RADIUS, make_pen(self.colors.muted))
        for angle in angles:
            spoke = point(angle, self.RADIUS)
            plot.plot([0, spoke.x()], [0, spoke.y()], pen=make_pen(self.colors.muted, 0.6))
        for stage in instrument.stages[1:]:
            ring(stage.lower, make_pen(self.colors.muted, 1, Qt.PenStyle.DashLine))
            # Straight down lies between two spokes when there is an odd number of them.
            label = self._text(
                f"{stage.name} ≥ {stage.lower:g}",
                self.colors.muted,
                (0.5, 0),
                fill=translucent(self.colors.base, 190),
            )
            label.setPos(0, -stage.lower)
            plot.addItem(label)

        series = (
            (self.tr("Sales"), [r.gap.sales for r in results.commandments], SALES_COLOR),
            (
                self.tr("Marketing"),
                [r.gap.marketing for r in results.commandments],
                MARKETING_COLOR,
            ),
        )
        for name, values, color in series:
            points = [point(a, v) for a, v in zip(angles, values, strict=True) if v is not None]
            if not points:
                continue
            polygon = QGraphicsPolygonItem(QPolygonF(points))
            polygon.setBrush(QBrush(translucent(color, 50)))
            polygon.setPen(make_pen(color, 0))
            plot.addItem(polygon)
            closed = [*points, points[0]]
            plot.plot(
                [p.x() for p in closed],
                [p.y() for p in closed],
                pen=make_pen(color, 3),
                symbol="o",
                symbolSize=7,
                symbolBrush=color,
                symbolPen=None,
                name=name,
            )
        everyone = [
            point(a, r.score.index)
            for a, r in zip(angles, results.commandments, strict=True)
            if r.score.index is not None
        ]
        if everyone:
            closed = [*everyone, everyone[0]]
            plot.plot(
                [p.x() for p in closed],
                [p.y() for p in closed],
                pen=make_pen(self.colors.text, 1.5, Qt.PenStyle.DashLine),
                name=self.tr("Everyone"),
            )

        labels = self._spoke_labels(plot, titles, angles)
        if self.numbered:
            lines = [
                f"<span style='color:{SALES_COLOR}'><b>━━</b></span> {escape(self.tr('Sales'))}",
                f"<span style='color:{MARKETING_COLOR}'><b>━━</b></span> "
                f"{escape(self.tr('Marketing'))}",
                f"<b>- -</b> {escape(self.tr('Everyone'))}",
                "",
                *(f"<b>{n}</b>&nbsp;&nbsp;{escape(t)}" for n, t in enumerate(titles, 1)),
            ]
            key = "<br>".join(lines)
            item = self.canvas.addLabel(
                key,
                row=1,
                col=1,
                justify="left",
                color=self.colors.text,
                size=f"{self.chart_font().pointSizeF():.0f}pt",
            )
            metrics = QFontMetrics(self.chart_font())
            widest = max(metrics.horizontalAdvance(f"{n}    {t}") for n, t in enumerate(titles, 1))
            self.canvas.ci.layout.setColumnMinimumWidth(1, widest + metrics.averageCharWidth() * 3)
            self.canvas.ci.layout.setAlignment(item, Qt.AlignmentFlag.AlignVCenter)
        # The labels' own sizes in pixels, as wrapped and drawn, decide the margins.
        sizes = [label.textItem.boundingRect() for label in labels]
        self._label_size = (
            max(size.width() for size in sizes) + 8,
            max(size.height() for size in sizes) + 8,
        )
        self._view = plot.getViewBox()
        self._view.sigResized.connect(self._fit_view)
        self._fit_view()

    def _spoke_labels(
        self, plot: pg.PlotItem, titles: list[str], angles: list[float]
    ) -> list[pg.TextItem]:
        """Each commandment's title at the end of its spoke, or its number when space is short."""
        width = QFontMetrics(self.chart_font()).horizontalAdvance("M") * 11
        labels = []
        for number, (angle, title) in enumerate(zip(angles, titles, strict=True), start=1):
            cos, sin = math.cos(angle), math.sin(angle)
            align = "center" if abs(cos) < 0.3 else ("left" if cos > 0 else "right")
            text = (
                f"<b>{number}</b>"
                if self.numbered
                else "<br>".join(escape(line) for line in textwrap.wrap(title, 20))
            )
            label = pg.TextItem(
                html=f"<div style='text-align:{align}; color:{self.colors.text}'>{text}</div>",
                anchor=(0.5 - 0.5 * cos, 0.5 + 0.5 * sin),
            )
            label.setFont(self.chart_font())
            if not self.numbered:
                label.setTextWidth(width)
            label.setPos(QPointF(self.LABEL_RADIUS * cos, self.LABEL_RADIUS * sin))
            plot.addItem(label)
            labels.append(label)
        return labels

    def _needs_numbers(self) -> bool:
        """Whether full titles around the circle would leave too small a chart."""
        line = QFontMetrics(self.chart_font()).lineSpacing()
        height = self.canvas.height() - 3 * line - 24
        # Titles wrap to at most four lines at the label width.
        room = 1 - 2 * (4 * line + 8) / max(height, 1)
        radius = height * room / 2 * 100 / self.LABEL_RADIUS
        return radius < 5.5 * line

    def _fit_view(self) -> None:
        """Leave room for the labels, measured in pixels, whatever the size and type scale."""
        view = getattr(self, "_view", None)
        if view is None:
            return
        box = view.boundingRect()
        label_width, label_height = self._label_size
        spans = []
        for pixels, label in ((box.width(), label_width), (box.height(), label_height)):
            # span = 2R + 2 × label × span / pixels, solved for span; never below 2R.
            room = max(0.25, 1 - 2 * label / max(pixels, 1.0))
            spans.append(2 * self.LABEL_RADIUS / room)
        view.setRange(
            xRange=(-spans[0] / 2, spans[0] / 2), yRange=(-spans[1] / 2, spans[1] / 2), padding=0
        )
