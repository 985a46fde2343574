"""The CRM export of the agreed definitions, and reading an edited workbook back.

No database and no Qt: callers turn ORM rows into the records of `records` and call

- `workbook.export_workbook(bundle, profile, mapping, path, ...)` for the `.xlsx`,
- `csv_export.export_csv(bundle, profile, mapping, folder, ...)` for per-sheet CSV,
- `profiles.suggest_mapping` / `profiles.unmapped_items` before writing,
- `readback.read_definitions_workbook(path)` and `readback.diff_definitions(bundle,
  parsed)` for the way back.

The writers are imported from their modules (not from here) so that importing the
records for the GUI's start-up does not load the spreadsheet libraries.
"""
