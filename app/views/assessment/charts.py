"""Assessment charts drawn with pyqtgraph: radar of the teams, perception gaps, the trend.

This is the only module of the page that imports pyqtgraph, and the page imports it
when the Charts tab is first shown, so start-up does not pay for it. Each chart is a
small widget with `show_results(results, instrument)` and `export_png(path, size)`.
"""

from __future__ import annotations

import math
import textwrap
from html import escape
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPen, QPolygonF
from PySide6.QtWidgets import QApplication, QGraphicsPolygonItem, QVBoxLayout, QWidget

from app.services.assessment.instrument import Instrument
from app.services.assessment.scoring import AssessmentResults
from app.services.errors import AccordError
from app.views.theme import Colors, current_colors

SALES_COLOR = "#2f6fce"
MARKETING_COLOR = "#e07b1a"
# Eleven colours that stay apart from each other on light and dark backgrounds.
SERIES_COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
)
DEFAULT_EXPORT_SIZE = (1600, 900)


def _point_size() -> float:
    return QApplication.font().pointSizeF()


def _pen(color: str, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setStyle(style)
    pen.setCosmetic(True)
    return pen


def _translucent(color: str, alpha: int) -> QColor:
    value = QColor(color)
    value.setAlpha(alpha)
    return value


class AssessmentChart(QWidget):
    """Base of the charts: a pyqtgraph canvas in the theme's colours, exportable."""

    def __init__(self) -> None:
        super().__init__()
        self.colors: Colors = current_colors()
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(self.colors.base)
        self.canvas.ci.setContentsMargins(12, 12, 12, 12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.results: AssessmentResults | None = None
        self.instrument: Instrument | None = None

    def show_results(self, results: AssessmentResults | None, instrument: Instrument) -> None:
        """Redraw for these results (None or unrated shows a short message instead)."""
        self.results, self.instrument = results, instrument
        self.canvas.clear()
        if results is None or results.overall.index is None:
            plot = self._plot()
            plot.hideAxis("left")
            plot.hideAxis("bottom")
            message = pg.TextItem(self.tr("No answers to chart yet."), color=self.colors.muted)
            plot.addItem(message)
            return
        self.draw(results, instrument)

    def draw(self, results: AssessmentResults, instrument: Instrument) -> None:
        raise NotImplementedError

    def export_png(self, path: Path | str, size: tuple[int, int] = DEFAULT_EXPORT_SIZE) -> Path:
        """Save the chart as a PNG of `size` pixels, laid out for that size."""
        # A twin drawn off screen at the target size lays out its labels for that size
        # instead of stretching the on-screen pixels.
        twin = type(self)()
        twin.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        twin.resize(*size)
        if self.instrument is not None:
            twin.show_results(self.results, self.instrument)
        twin.show()
        twin.canvas.ci.layout.activate()
        image = twin.grab()
        twin.close()
        twin.deleteLater()
        target = Path(path)
        if not image.save(str(target), "PNG"):
            raise AccordError(f"The chart could not be saved to {target}.")
        return target

    # Shared drawing helpers --------------------------------------------------------------

    def _plot(self, row: int = 0, col: int = 0) -> pg.PlotItem:
        plot = self.canvas.addPlot(row=row, col=col)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(_pen(self.colors.muted))
            axis.setTextPen(_pen(self.colors.text))
            axis.setStyle(tickFont=QApplication.font())
        return plot

    def _title(self, plot: pg.PlotItem, text: str) -> None:
        plot.setTitle(escape(text), color=self.colors.text, size=f"{_point_size() * 1.3:.0f}pt")

    def _text(self, text: str, color: str, anchor: tuple[float, float], bold: bool = False):  # type: ignore[no-untyped-def]
        item = pg.TextItem(text, color=color, anchor=anchor)
        font = QFont(QApplication.font())
        font.setBold(bold)
        item.setFont(font)
        return item


class RadarChart(AssessmentChart):
    """The commandments around a circle: how sales and how marketing rate each one."""

    RADIUS = 100.0
    LABEL_RADIUS = 108.0

    def draw(self, results: AssessmentResults, instrument: Instrument) -> None:
        plot = self._plot()
        self._title(
            plot, self.tr("How each team sees the commandments, {0}").format(results.quarter)
        )
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        plot.setAspectLocked(True)
        legend = plot.addLegend(offset=(8, 8), labelTextColor=self.colors.text)
        legend.setBrush(_translucent(self.colors.base, 220))
        titles = [r.commandment.title for r in results.commandments]
        count = len(titles)
        angles = [math.pi / 2 - 2 * math.pi * n / count for n in range(count)]

        def point(angle: float, radius: float) -> QPointF:
            return QPointF(radius * math.cos(angle), radius * math.sin(angle))

        def ring(radius: float, pen: QPen) -> None:
            points = [point(a, radius) for a in [*angles, angles[0]]]
            plot.plot([p.x() for p in points], [p.y() for p in points], pen=pen)

        ring(self.RADIUS, _pen(self.colors.muted))
        for angle in angles:
            spoke = point(angle, self.RADIUS)
            plot.plot([0, spoke.x()], [0, spoke.y()], pen=_pen(self.colors.muted, 0.6))
        for stage in instrument.stages[1:]:
            ring(stage.lower, _pen(self.colors.muted, 1, Qt.PenStyle.DashLine))
            label = self._text(f"{stage.name} {stage.lower:g}", self.colors.muted, (0.5, 1.0))
            label.setPos(0, stage.lower)
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
            polygon.setBrush(QBrush(_translucent(color, 50)))
            polygon.setPen(_pen(color, 0))
            plot.addItem(polygon)
            closed = [*points, points[0]]
            plot.plot(
                [p.x() for p in closed],
                [p.y() for p in closed],
                pen=_pen(color, 3),
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
                pen=_pen(self.colors.text, 1.5, Qt.PenStyle.DashLine),
                name=self.tr("Everyone"),
            )

        width = QFontMetrics(QApplication.font()).horizontalAdvance("M") * 11
        for angle, title in zip(angles, titles, strict=True):
            cos, sin = math.cos(angle), math.sin(angle)
            align = "center" if abs(cos) < 0.3 else ("left" if cos > 0 else "right")
            lines = "<br>".join(escape(line) for line in textwrap.wrap(title, 20))
            label = pg.TextItem(
                html=f"<div style='text-align:{align}; color:{self.colors.text}'>{lines}</div>",
                anchor=(0.5 - 0.5 * cos, 0.5 + 0.5 * sin),
            )
            label.setFont(QApplication.font())
            label.setTextWidth(width)
            label.setPos(point(angle, self.LABEL_RADIUS))
            plot.addItem(label)
        margin = 190.0
        plot.setXRange(-margin, margin, padding=0)
        plot.setYRange(-135, 135, padding=0)


class GapChart(AssessmentChart):
    """Per commandment, sales' index minus marketing's; large gaps stand out."""

    def draw(self, results: AssessmentResults, instrument: Instrument) -> None:
        plot = self._plot()
        self._title(
            plot,
            self.tr("Perception gap per commandment, {0} (sales − marketing)").format(
                results.quarter
            ),
        )
        rows = list(results.commandments)
        count = len(rows)
        threshold = results.gap_threshold
        ticks = [(count - 1 - n, r.commandment.title) for n, r in enumerate(rows)]
        left = plot.getAxis("left")
        left.setTicks([ticks, []])
        metrics = QFontMetrics(QApplication.font())
        left.setWidth(max(metrics.horizontalAdvance(t) for _y, t in ticks) + 16)
        plot.showGrid(x=True, y=False, alpha=0.2)

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
                brush=_translucent(color, 200),
                pen=_pen(color),
            )
            plot.addItem(bar)
            value = self._text(
                f"{gap:+.1f}", color, (0, 0.5) if gap >= 0 else (1, 0.5), result.gap.flagged
            )
            value.setPos(gap + (reach * 0.015 if gap >= 0 else -reach * 0.015), y)
            plot.addItem(value)
        plot.addItem(pg.InfiniteLine(pos=0, angle=90, pen=_pen(self.colors.text, 1.5)))
        for edge in (-threshold, threshold):
            plot.addItem(
                pg.InfiniteLine(
                    pos=edge, angle=90, pen=_pen(self.colors.error, 1, Qt.PenStyle.DashLine)
                )
            )
        plot.setXRange(-reach, reach, padding=0)
        plot.setYRange(-0.7, count - 0.3, padding=0)
        plot.setLabel(
            "bottom",
            self.tr(
                "← marketing rates it higher · index points · sales rates it higher → "
                "(dashed: flagged beyond ±{0:g})"
            ).format(threshold),
            color=self.colors.text,
        )


class TrendChart(AssessmentChart):
    """The overall index and every commandment's index, quarter by quarter."""

    def draw(self, results: AssessmentResults, instrument: Instrument) -> None:
        plot = self._plot()
        self._title(plot, self.tr("Alignment index by quarter"))
        trend = results.trend
        xs = list(range(len(trend)))
        plot.getAxis("bottom").setTicks(
            [[(x, p.quarter) for x, p in zip(xs, trend, strict=True)], []]
        )
        plot.setLabel("left", self.tr("Index (0–100)"), color=self.colors.text)
        stage_colors = (self.colors.error, self.colors.proposed, self.colors.agreed)
        for stage, color in zip(instrument.stages, stage_colors, strict=True):
            band = pg.LinearRegionItem(
                values=(stage.lower, stage.upper),
                orientation="horizontal",
                movable=False,
                brush=_translucent(color, 22),
                pen=_pen(color, 0, Qt.PenStyle.NoPen),
            )
            band.setZValue(-10)
            plot.addItem(band)
            label = self._text(stage.name, color, (0, 1), bold=True)
            label.setPos(-0.45 if len(xs) > 1 else -0.48, stage.upper - 1)
            plot.addItem(label)

        legend = pg.LegendItem(labelTextColor=self.colors.text, verSpacing=-4)
        legend.setLabelTextSize(f"{_point_size() * 0.9:.0f}pt")
        for n, result in enumerate(results.commandments):
            values = [p.commandments.get(result.commandment.id) for p in trend]
            color = SERIES_COLORS[n % len(SERIES_COLORS)]
            curve = plot.plot(
                xs,
                [math.nan if v is None else v for v in values],
                pen=_pen(color, 1.6),
                symbol="o",
                symbolSize=5,
                symbolBrush=color,
                symbolPen=None,
                connect="finite",
            )
            legend.addItem(curve, escape(result.commandment.title))
        overall = [math.nan if p.overall is None else p.overall for p in trend]
        line = plot.plot(
            xs,
            overall,
            pen=_pen(self.colors.text, 4),
            symbol="o",
            symbolSize=11,
            symbolBrush=self.colors.text,
            symbolPen=None,
            connect="finite",
        )
        legend.addItem(line, f"<b>{escape(self.tr('Overall'))}</b>")
        for x, value in zip(xs, overall, strict=True):
            if not math.isnan(value):
                label = self._text(f"{value:.0f}", self.colors.text, (0.5, 1.3), bold=True)
                label.setPos(x, value)
                plot.addItem(label)
        self.canvas.addItem(legend, row=0, col=1)
        plot.setYRange(0, 100, padding=0.02)
        plot.setXRange(-0.5, max(xs) + 0.3 if xs else 0.5, padding=0)


CHARTS: tuple[tuple[str, type[AssessmentChart]], ...] = (
    ("radar", RadarChart),
    ("gaps", GapChart),
    ("trend", TrendChart),
)
