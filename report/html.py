"""A self-contained HTML page: inline CSS, charts as ``data:`` SVG images, no external asset.

Every text is escaped; a Content-Security-Policy forbids any fetch other than ``data:``
images and the inline style, so the page makes no request even if opened online.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

from kinerja.report.charts import Chart
from kinerja.report.narrative import Paragraph
from kinerja.report.tables import Row, Table, cell_text

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; line-height: 1.5; }
h1 { font-size: 1.4rem; }
p { text-align: justify; }
table { border-collapse: collapse; margin: 1.5rem 0 0.5rem; width: 100%; font-size: 0.85rem; }
caption { caption-side: bottom; font-style: italic; padding-top: 0.3rem; text-align: left; }
th, td { border: 1px solid #7a7a7a; padding: 0.2rem 0.4rem; vertical-align: top; }
th { background: #ddebf7; }
td.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption, .note { font-style: italic; font-size: 0.85rem; }
"""


def _table(table: Table) -> str:
    head = "".join(f"<th scope=\"col\">{escape(c.header)}</th>" for c in table.columns)

    def row_html(row: Row) -> str:
        cells = []
        for col in table.columns:
            cls = ' class="num"' if col.kind != "text" else ""
            cells.append(f"<td{cls}>{escape(cell_text(col, row[col.key]))}</td>")
        return "<tr>" + "".join(cells) + "</tr>"

    body = "\n".join(row_html(r) for r in table.rows)
    foot = f"<tfoot>{row_html(table.total)}</tfoot>" if table.total is not None else ""
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (f"<table>\n<caption>{escape(table.caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{body}\n</tbody>{foot}\n</table>{note}")


def _chart(chart: Chart) -> str:
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return (f'<figure><img alt="{escape(chart.caption)}" src="data:image/svg+xml;base64,{data}">'
            f"<figcaption>{escape(chart.caption)}</figcaption></figure>")


def _paragraph(p: Paragraph) -> str:
    text = f"<p>{escape(p.text)}</p>"
    if p.items:
        text += "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in p.items) + "</ol>"
    return text


def render_html(heading: str, paragraphs: Sequence[Paragraph], tables: Sequence[Table],
                charts: Sequence[Chart]) -> str:
    """The page as a string."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(heading)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(heading)}</h1>",
        *(_paragraph(p) for p in paragraphs),
        *(_table(t) for t in tables),
        *(_chart(c) for c in charts),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_html(path: Path, heading: str, paragraphs: Sequence[Paragraph], tables: Sequence[Table],
               charts: Sequence[Chart]) -> Path:
    """Write the page (UTF-8)."""
    path.write_text(render_html(heading, paragraphs, tables, charts), encoding="utf-8")
    return path
