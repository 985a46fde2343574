"""The Assessment page: respondents, the keyboard questionnaire, results, charts, forms.

`page` holds the page; `charts` (pyqtgraph) is imported only when the Charts tab is
first shown, and the form modules (openpyxl) only when a form is exported or imported.
"""
