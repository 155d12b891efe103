"""Reports as files: CSV streamed row by row, XLSX written in openpyxl's write-only mode to
a temporary file and streamed from there; neither holds the whole report in memory, so an
export of any size starts at once instead of timing out. Every text cell a spreadsheet
would run as a formula (starting with =, +, -, @, a tab or a carriage return) is
neutralised (`training_hub.exports.neutralise_cell`)."""

import csv
import datetime as dt
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

from training_hub.exports import neutralise_cell

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value):
    if isinstance(value, (int, float, Decimal, dt.date)):
        return value
    return neutralise_cell(str(value) if value is not None else "")


class _Echo:
    def write(self, value):
        return value


def _csv_lines(headings, rows):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheets read UTF-8 (Thai, Khmer, Vietnamese names) with a BOM
    yield writer.writerow([_cell(str(h)) for h in headings])
    for row in rows:
        yield writer.writerow([_cell(value) for value in row])


def csv_response(filename, headings, rows):
    response = StreamingHttpResponse(_csv_lines(headings, rows), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename, title, headings, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.append([_cell(str(h)) for h in headings])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=CONTENT_TYPES["xlsx"]
    )
    return response
