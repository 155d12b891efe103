"""Spreadsheet exports that a spreadsheet program cannot run as formulas (CSV injection).

Wagtail's XLSX export already stores a value that looks like a formula as text; its CSV
export writes values as they are, so a name such as ``=HYPERLINK(...)`` would become a live
formula in whoever opens the file. Every export of this project's listings goes through
`SafeSpreadsheetExportMixin`, and hand-written CSV through `neutralise_cell`.
"""

# A spreadsheet program reads a cell starting with one of these as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """`value`, prefixed with a ' when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """For a Wagtail listing view with `list_export`: CSV cells are neutralised too."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_cell(value)
        return value
