"""The Backtest tab's entry point: the page asks for a backtest of the selected model.

The backtest itself (import, mapping, bands, chart) lives elsewhere; this tab only
explains it and raises `requested` so the page can emit `backtest_requested(model_id)`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class BacktestTab(QWidget):
    """A short explanation and the button that starts a backtest."""

    requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        intro = QLabel(
            self.tr(
                "Score leads you already know the outcome of, exported from your CRM as "
                "CSV or Excel, and see per score band how many converted, where the MQL "
                "threshold would sit and how many MQLs a month it would hand to sales."
            )
        )
        intro.setWordWrap(True)
        self.run_button = QPushButton(self.tr("&Run backtest on historical leads…"))
        self.run_button.clicked.connect(self.requested)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
