"""Palettes and type scale: light and dark follow the system; presentation mode scales up."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colors:
    window: str
    base: str
    alternate: str
    text: str
    muted: str
    accent: str
    accent_text: str
    button: str
    warning_bg: str
    warning_text: str
    error: str
    added_bg: str
    removed_bg: str
    agreed: str
    proposed: str
    draft: str
    retired: str


LIGHT = Colors(
    window="#f4f5f7",
    base="#ffffff",
    alternate="#f0f2f5",
    text="#1b1f24",
    muted="#57606a",
    accent="#1f5fbf",
    accent_text="#ffffff",
    button="#e9ecf0",
    warning_bg="#fff4d6",
    warning_text="#5c4400",
    error="#b42318",
    added_bg="#d5f5dc",
    removed_bg="#fbd9d6",
    agreed="#1a7f37",
    proposed="#9a6700",
    draft="#57606a",
    retired="#8c959f",
)
DARK = Colors(
    window="#1e2227",
    base="#262b31",
    alternate="#2c3239",
    text="#e6e9ed",
    muted="#a3acb6",
    accent="#5b9bff",
    accent_text="#0d1117",
    button="#343b43",
    warning_bg="#4a3b10",
    warning_text="#ffe7a3",
    error="#ff8a80",
    added_bg="#1f4d2c",
    removed_bg="#5c2523",
    agreed="#57d27a",
    proposed="#e3b341",
    draft="#a3acb6",
    retired="#7d8590",
)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def current_colors() -> Colors:
    app = QApplication.instance()
    dark = bool(app is not None and app.property("accord_dark"))
    return DARK if dark else LIGHT


def palette_for(colors: Colors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: colors.window,
        role.WindowText: colors.text,
        role.Base: colors.base,
        role.AlternateBase: colors.alternate,
        role.Text: colors.text,
        role.Button: colors.button,
        role.ButtonText: colors.text,
        role.Highlight: colors.accent,
        role.HighlightedText: colors.accent_text,
        role.ToolTipBase: colors.base,
        role.ToolTipText: colors.text,
        role.PlaceholderText: colors.muted,
        role.Link: colors.accent,
    }
    for color_role, value in pairs.items():
        palette.setColor(color_role, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(colors.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(colors.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor(colors.muted))
    return palette


def apply_theme(app: QApplication, *, dark: bool | None = None, scale: float = 1.0) -> None:
    """Apply the palette (system choice unless `dark` is given) and the type scale."""
    if dark is None:
        dark = system_prefers_dark()
    app.setStyle("Fusion")
    app.setProperty("accord_dark", dark)
    colors = DARK if dark else LIGHT
    app.setPalette(palette_for(colors))
    base_size = app.property("accord_base_point_size")
    if base_size is None:
        base_size = max(QFont().pointSizeF(), 10.0)
        app.setProperty("accord_base_point_size", base_size)
    font = app.font()
    font.setPointSizeF(float(base_size) * scale)
    app.setFont(font)
    app.setStyleSheet(_style_sheet(colors, float(base_size) * scale))


def _style_sheet(colors: Colors, point_size: float) -> str:
    return f"""
    QListWidget#sidebar {{ background: {colors.alternate}; border: none; padding-top: 0.5em; }}
    QListWidget#sidebar::item {{ padding: 0.55em 0.9em; border-radius: 4px; margin: 1px 6px; }}
    QListWidget#sidebar::item:selected {{
        background: {colors.accent}; color: {colors.accent_text}; }}
    QLabel[role="heading"] {{ font-size: {point_size * 1.5:.1f}pt; font-weight: 600; }}
    QLabel[role="subheading"] {{ font-weight: 600; color: {colors.muted}; }}
    QLabel[role="banner"] {{ background: {colors.warning_bg}; color: {colors.warning_text};
        padding: 0.5em 0.8em; border-radius: 4px; }}
    QLabel[role="error"] {{ color: {colors.error}; font-weight: 600; }}
    QLabel[role="muted"] {{ color: {colors.muted}; }}
    QLabel[role="status-agreed"] {{ color: {colors.agreed}; font-weight: 700; }}
    QLabel[role="status-proposed"] {{ color: {colors.proposed}; font-weight: 700; }}
    QLabel[role="status-draft"] {{ color: {colors.draft}; font-weight: 700; }}
    QLabel[role="status-retired"] {{ color: {colors.retired}; font-weight: 700; }}
    """


def set_role(widget: object, role: str) -> None:
    """Give a widget a style role from the sheet above and re-polish it."""
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
