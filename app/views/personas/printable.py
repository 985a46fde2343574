"""The printable persona: a one-page HTML sheet, its PDF, and the preview dialog."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.models.base import SignOffTeam
from app.services.agreement import STATUS_LABELS
from app.services.personas import FIELD_LABELS, NOTES_LABEL, PersonaDetail
from app.views.personas.agreement_box import TEAM_NAMES

# Printed paper is white whatever the screen theme, so the sheet has its own colours.
INK, MUTED, ACCENT, SHADE = "#1b1f24", "#57606a", "#1f5fbf", "#eef1f5"
FONT_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
BULLET = re.compile(r"^[-•*]\s+")
PAIRS = (("goals", "pains"), ("objections", "buying_triggers"), ("channels", "content"))


def _same(text: str) -> str:
    return text


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _block(text: str) -> str:
    """A field as HTML: several lines become a bullet list, one line a paragraph."""
    lines = [BULLET.sub("", line.strip()) for line in text.splitlines() if line.strip()]
    if not lines:
        return f"<p style='color:{MUTED}'>—</p>"
    if len(lines) == 1:
        return f"<p style='margin-top:2px'>{html.escape(lines[0])}</p>"
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<ul style='margin-top:2px; margin-bottom:0px; -qt-list-indent:1'>{items}</ul>"


def persona_html(
    detail: PersonaDetail,
    *,
    workspace_name: str = "",
    printed_on: date | None = None,
    font_pt: float = 10.0,
    translate: Callable[[str], str] = _same,
) -> str:
    """The persona as one self-contained HTML page (Qt rich text) for print and PDF."""
    tr, esc, fields = translate, html.escape, detail.fields
    label = {name: esc(tr(text)) for name, text in FIELD_LABELS.items()}
    small = f"font-size:{font_pt * 0.85:.1f}pt; color:{MUTED}"
    heading = f"font-size:{font_pt * 1.15:.1f}pt; color:{ACCENT}; font-weight:600"
    parts = [
        f"<html><head><title>{esc(detail.name)}</title></head>"
        f"<body style='font-size:{font_pt:.1f}pt; color:{INK}'>",
        f"<p style='{small}'>{esc(workspace_name)}{' · ' if workspace_name else ''}"
        f"{esc(tr('Buyer persona'))}</p>",
        f"<p style='font-size:{font_pt * 2:.1f}pt; font-weight:700; margin:0px'>"
        f"{esc(detail.name)}</p>",
        f"<table width='100%' cellspacing='0' cellpadding='5' style='background-color:{SHADE}'>"
        f"<tr><td colspan='4'><b>{label['role']}</b><br>{esc(fields['role']) or '—'}</td></tr>"
        "<tr>",
    ]
    for name in ("seniority", "industry", "company_size"):
        parts.append(f"<td valign='top'><b>{label[name]}</b><br>{esc(fields[name]) or '—'}</td>")
    parts.append(
        f"<td valign='top'><b>{esc(tr('Status'))}</b><br>"
        f"{esc(tr(STATUS_LABELS[detail.status]))}</td></tr></table>"
        "<table width='100%' cellspacing='0' cellpadding='5'>"
    )
    for left, right in PAIRS:
        parts.append("<tr>")
        for name in (left, right):
            parts.append(
                f"<td width='50%' valign='top'><p style='{heading}; margin-bottom:0px'>"
                f"{label[name]}</p>{_block(fields[name])}</td>"
            )
        parts.append("</tr>")
    parts.append("</table>")
    parts.append("<table width='100%' cellspacing='0' cellpadding='5'><tr><td>")
    if detail.notes:
        parts.append(f"<p style='{heading}; margin-bottom:0px'>{esc(tr(NOTES_LABEL))}</p>")
        for note in sorted(detail.notes, key=lambda n: (n.noted_on, n.id), reverse=True):
            parts.append(
                f"<p style='margin-top:3px'><b>{_day(note.noted_on)}, {esc(note.author)}:"
                f"</b> {esc(note.text)}</p>"
            )
    signed = [
        tr("{0}: {1}, {2}").format(tr(TEAM_NAMES[s.team]), esc(s.name), _day(s.signed_at))
        for s in sorted(detail.sign_offs, key=lambda s: list(SignOffTeam).index(s.team))
    ]
    footer = tr("Signed off by {0}.").format("; ".join(signed)) + " " if signed else ""
    footer += tr("Printed from Accord on {0}.").format(_day(printed_on or date.today()))
    parts.append(f"<p style='{small}; margin-top:8px'>{footer}</p></td></tr></table>")
    parts.append("</body></html>")
    return "".join(parts)


def page_layout() -> QPageLayout:
    """A4 portrait with 15 mm margins: the sheet's paper whatever prints it."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(15, 15, 15, 15),
        QPageLayout.Unit.Millimeter,
    )


def one_page_document(html_at: Callable[[float], str]) -> QTextDocument:
    """The sheet laid out on one page: `html_at(points)` is tried at smaller sizes until it fits."""
    screen = QGuiApplication.primaryScreen()
    # Rich text lays out in the screen's logical pixels; printing scales those to paper.
    dpi = round(screen.logicalDotsPerInchY()) if screen is not None else 96
    page = page_layout().paintRectPixels(dpi).size()
    document = QTextDocument()
    for size in FONT_SIZES:
        document = QTextDocument()
        document.setDocumentMargin(0)
        # List indent of about two characters instead of Qt's 40 pixels.
        document.setIndentWidth(size * 1.6)
        document.setHtml(html_at(size))
        document.setPageSize(QSizeF(page))
        if document.pageCount() <= 1:
            break
    return document


def write_pdf(document: QTextDocument, path: Path) -> None:
    """Write `document` as a PDF at `path` on the sheet's paper."""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(page_layout())
    writer.setResolution(300)
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setCreator("Accord")
    document.print_(writer)


class PrintableDialog(QDialog):
    """Shows the sheet as it will print, with Print… and Save as PDF…."""

    def __init__(self, document: QTextDocument, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._name = name
        self.setWindowTitle(self.tr("Printable view — {0}").format(name))
        self.preview = QTextBrowser()
        metrics = self.fontMetrics()
        preview = document.clone(self.preview)
        preview.setDocumentMargin(metrics.horizontalAdvance("M"))
        self.preview.setDocument(preview)
        self.resize(metrics.horizontalAdvance("M") * 60, metrics.lineSpacing() * 42)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.pdf_button = QPushButton(self.tr("Save as P&DF…"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button.clicked.connect(self.save_pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)

    def print_sheet(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout())
        printer.setDocName(self._name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.document.print_(printer)

    def save_pdf(self) -> Path | None:
        """Ask where, write the PDF there; the path written, or None."""
        safe = "".join(c if c.isalnum() or c in " -_" else " " for c in self._name).strip()
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save as PDF"),
            str(Path.home() / f"{safe or 'persona'}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        write_pdf(self.document, path)
        if not path.exists() or path.stat().st_size == 0:
            QMessageBox.warning(
                self,
                self.tr("Cannot save the PDF"),
                self.tr(
                    "Could not write '{0}'. Check the folder exists and you may write there."
                ).format(path),
            )
            return None
        return path
