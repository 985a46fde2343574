"""What every assessment chart shares: a themed pyqtgraph canvas, headings, PNG export."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

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


def make_pen(color: str, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    line = QPen(QColor(color))
    line.setWidthF(width)
    line.setStyle(style)
    # Cosmetic: the same width in pixels whatever the zoom of the plot.
    line.setCosmetic(True)
    return line


def translucent(color: str, alpha: int) -> QColor:
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
        # Exports larger than the screen scale their type up so it stays readable.
        self.font_scale = 1.0
        self._drawn_size = (self.width(), self.height())

    def chart_font(self) -> QFont:
        """The application's font (which follows presentation mode), scaled for export."""
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * self.font_scale)
        return font

    def show_results(self, results: AssessmentResults | None, instrument: Instrument) -> None:
        """Redraw for these results (None or unrated shows a short message instead)."""
        self.results, self.instrument = results, instrument
        self._drawn_size = (self.width(), self.height())
        # The palette may have changed since the last drawing (dark or presentation mode).
        self.colors = current_colors()
        self.canvas.setBackground(self.colors.base)
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

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # Label sizes are chosen for the space at hand: redraw when it changed a lot.
        width, height = self._drawn_size
        if self.instrument is not None and (
            abs(self.width() - width) > width * 0.15 or abs(self.height() - height) > height * 0.15
        ):
            self.show_results(self.results, self.instrument)

    def export_png(self, path: Path | str, size: tuple[int, int] = DEFAULT_EXPORT_SIZE) -> Path:
        """Save the chart as a PNG of `size` pixels, laid out for that size."""
        # A twin drawn off screen at the target size lays out its labels for that size
        # instead of stretching the on-screen pixels.
        twin = type(self)()
        twin.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        twin.font_scale = min(2.0, max(1.0, size[0] / 1200))
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
        for name in ("left", "bottom", "right"):
            axis = plot.getAxis(name)
            axis.setPen(make_pen(self.colors.muted))
            axis.setTextPen(make_pen(self.colors.text))
            axis.setStyle(tickFont=self.chart_font())
        return plot

    def _heading(self, text: str, columns: int = 1) -> None:
        """The chart's title across the top of the canvas (row 0), over plot and key."""
        # A plot's own title would set the plot's minimum width and, with large type,
        # push the plot off the side of the chart.
        font = self.chart_font()
        size = font.pointSizeF() * 1.3
        font.setPointSizeF(size)
        # A title wider than the chart would stretch the whole layout past its edge.
        room = self.width() - 48
        wide = QFontMetrics(font).horizontalAdvance(text)
        if wide > room > 0:
            size = max(size * room / wide, self.chart_font().pointSizeF() * 0.8)
        self.canvas.addLabel(
            escape(text),
            row=0,
            col=0,
            colspan=columns,
            color=self.colors.text,
            size=f"{size:.1f}pt",
        )

    def _label_style(self) -> dict[str, str]:
        return {"color": self.colors.text, "font-size": f"{self.chart_font().pointSizeF():.0f}pt"}

    @staticmethod
    def _add_to_legend(legend: pg.LegendItem, item: pg.PlotDataItem, name: str) -> None:
        legend.addItem(item, name)
        # Keep each sample level with its label whatever the type size.
        for part in legend.items[-1]:
            legend.layout.setAlignment(part, Qt.AlignmentFlag.AlignVCenter)

    def _text(
        self,
        text: str,
        color: str,
        anchor: tuple[float, float],
        bold: bool = False,
        fill: QColor | None = None,
    ) -> pg.TextItem:
        item = pg.TextItem(text, color=color, anchor=anchor, fill=fill)
        font = self.chart_font()
        font.setBold(bold)
        item.setFont(font)
        return item
