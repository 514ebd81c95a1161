"""A table shown on the page and written beside it as CSV."""
import csv
import os

from .csv_cells import neutralise
from .filenames import is_safe
from .fmt import csv_value, esc


class Table:
    """Display cells (strings) for HTML and raw values for CSV, row by row.

    A display cell is a string, or a tuple (value, interval) shown as the value
    with its interval on a second, smaller line (keeps wide tables narrow).

    header: display column headings; csv_header: CSV column names (may have more
    columns than the display, e.g. mean, p025, p975 for one interval cell)."""

    def __init__(self, name, caption, header, csv_header, numeric_from=1, css_class=""):
        if not is_safe(name):  # a file name: never raw file data (report_lib/filenames.py)
            raise ValueError(f"unsafe CSV file name {name!r}")
        self.name = name                  # CSV file name stem
        self.caption = caption
        self.header = header
        self.csv_header = csv_header
        self.numeric_from = numeric_from  # columns from this index are right-aligned
        self.rows = []
        self.csv_rows = []
        self.row_classes = []
        self.css_class = css_class        # class of the <table> element

    def add(self, cells, csv_cells, css_class=""):
        assert len(cells) == len(self.header), (self.name, cells)
        assert len(csv_cells) == len(self.csv_header), (self.name, csv_cells)
        self.rows.append([c if isinstance(c, tuple) else str(c) for c in cells])
        self.csv_rows.append(csv_cells)
        self.row_classes.append(css_class)

    @property
    def csv_name(self):
        return self.name + ".csv"

    def write_csv(self, directory):
        with open(os.path.join(directory, self.csv_name), "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out)
            w.writerow([neutralise(h) for h in self.csv_header])
            for row in self.csv_rows:
                w.writerow([csv_value(v) for v in row])

    def html(self):
        def cls(i):
            return ' class="num"' if i >= self.numeric_from else ""

        head = "".join(f"<th scope=\"col\"{cls(i)}>{esc(h)}</th>" for i, h in enumerate(self.header))
        def cell(c):
            if isinstance(c, tuple):
                value, ci = c
                return esc(value) + (f'<br><span class="ci">{esc(ci)}</span>' if ci else "")
            return esc(c)

        body = []
        for row, rc in zip(self.rows, self.row_classes):
            cells = [f"<th scope=\"row\">{cell(row[0])}</th>"]
            cells += [f"<td{cls(i)}>{cell(c)}</td>" for i, c in enumerate(row) if i > 0]
            body.append(f"<tr{' class=' + chr(34) + rc + chr(34) if rc else ''}>{''.join(cells)}</tr>")
        klass = f' class="{esc(self.css_class)}"' if self.css_class else ""
        return (f'<div class="table-wrap"><table id="table-{esc(self.name)}"{klass}>'
                f"<caption>{esc(self.caption)} "
                f'<a class="csv" href="{esc(self.csv_name)}">CSV</a></caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
