"""When someone else saved first: both versions, field by field, and the user's choice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import EditConflict


def _shown(value: object) -> str:
    text = "" if value is None else str(value)
    return text if text.strip() else "(empty)"


class ConflictDialog(QDialog):
    """A row per field: their saved value and yours, with a choice of which to keep."""

    def __init__(self, conflict: EditConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Changed by someone else"))
        self._conflict = conflict
        self._groups: list[tuple[str, QButtonGroup, object]] = []
        intro = QLabel(str(conflict))
        intro.setWordWrap(True)
        grid = QGridLayout()
        who = conflict.changed_by or self.tr("Saved")
        for column, heading in enumerate((self.tr("Field"), who, self.tr("Yours"))):
            label = QLabel(f"<b>{heading}</b>")
            grid.addWidget(label, 0, column)
        for row, field in enumerate(conflict.fields, start=1):
            grid.addWidget(QLabel(field.label), row, 0)
            theirs = QRadioButton(_shown(field.theirs))
            yours = QRadioButton(_shown(field.yours))
            yours.setChecked(True)
            for button in (theirs, yours):
                button.setToolTip(button.text())
            group = QButtonGroup(self)
            group.addButton(theirs, 0)
            group.addButton(yours, 1)
            grid.addWidget(theirs, row, 1)
            grid.addWidget(yours, row, 2)
            self._groups.append((field.field, group, field.yours))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Keep my choices"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def choose_theirs(self, field: str) -> None:
        for name, group, _yours in self._groups:
            if name == field:
                group.button(0).setChecked(True)

    def chosen_changes(self) -> dict[str, object]:
        """The fields where the user keeps their own value (theirs needs no write)."""
        return {name: yours for name, group, yours in self._groups if group.checkedId() == 1}
