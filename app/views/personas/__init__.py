"""The Personas page: buyer persona worksheets, their field notes and a printable sheet."""
