"""The Charts tab: one large chart at a time, each exportable to PNG.

Imported by the page only when the tab is first shown (it pulls in pyqtgraph).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.assessment.instrument import Instrument
from app.services.assessment.scoring import AssessmentResults
from app.services.errors import AccordError
from app.views.assessment.charts import AssessmentChart, GapChart, RadarChart, TrendChart


class ChartsPanel(QWidget):
    """The radar, gap and trend charts of the selected quarter."""

    def __init__(self) -> None:
        super().__init__()
        self.radar = RadarChart()
        self.gaps = GapChart()
        self.trend = TrendChart()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.radar, self.tr("Sales and marketing"))
        self.tabs.addTab(self.gaps, self.tr("Perception gaps"))
        self.tabs.addTab(self.trend, self.tr("Trend"))
        self.export_button = QPushButton(self.tr("Export chart as PNG…"))
        self.export_button.clicked.connect(self.export_current_dialog)
        self.export_all_button = QPushButton(self.tr("Export all charts…"))
        self.export_all_button.clicked.connect(self.export_all_dialog)
        self.last_folder = Path.home()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.export_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    @property
    def charts(self) -> dict[str, AssessmentChart]:
        return {"radar": self.radar, "gaps": self.gaps, "trend": self.trend}

    def show_results(self, results: AssessmentResults | None, instrument: Instrument) -> None:
        for chart in self.charts.values():
            chart.show_results(results, instrument)

    def export_all(self, folder: Path, quarter: str) -> list[Path]:
        """Write every chart as `<quarter>-<chart>.png` into `folder`."""
        return [
            chart.export_png(folder / f"assessment-{quarter}-{key}.png")
            for key, chart in self.charts.items()
        ]

    def export_current_dialog(self) -> None:
        chart = self.tabs.currentWidget()
        if not isinstance(chart, AssessmentChart):
            return
        key = next(k for k, c in self.charts.items() if c is chart)
        quarter = chart.results.quarter if chart.results else "assessment"
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export chart"),
            str(self.last_folder / f"assessment-{quarter}-{key}.png"),
            self.tr("PNG images (*.png)"),
        )
        if name:
            self._export(lambda: [chart.export_png(Path(name))], Path(name).parent)

    def export_all_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export all charts to folder"), str(self.last_folder)
        )
        if folder:
            quarter = self.radar.results.quarter if self.radar.results else "assessment"
            self._export(lambda: self.export_all(Path(folder), quarter), Path(folder))

    def _export(self, action: object, folder: Path) -> None:
        try:
            written = action()  # type: ignore[operator]
        except AccordError as error:
            QMessageBox.warning(self, self.tr("Cannot export the chart"), str(error))
            return
        self.last_folder = folder
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            names = ", ".join(p.name for p in written)
            bar().showMessage(self.tr("Saved {0}").format(names), 6000)
