"""The quarterly alignment maturity self-assessment, without Qt or a database.

- `instrument`: the versioned questionnaire and stage rubric (`load_instrument`).
- `scoring`: answers in, scores out (`Answer`, `score_answers`, `results_to_xlsx`).
- `quarters`: '2026-Q4' parsing and ordering.
- `forms`: the offline XLSX form (`export_form`, `read_forms`, `find_duplicates`).
- `demo`: a year of demo answers (`demo_answers`).

Nothing is imported here so that loading the package does not pull in openpyxl; import
the module you need.
"""
