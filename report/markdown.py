"""Markdown output: the chapter in reading order: headings, paragraphs, pipe tables with their
captions above, charts as PNG files beside it.

Text from the data is escaped so that it renders literally (no link, emphasis, HTML or
broken table cell).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kinerja.report.charts import Chart
from kinerja.report.narrative import Heading, Paragraph
from kinerja.report.tables import Row, Table, cell_text

if TYPE_CHECKING:
    from kinerja.report.document import Report

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#&!~])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown punctuation; newlines become spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


def _table(table: Table) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    def row_cells(row: Row, bold: bool) -> list[str]:
        cells = [md_escape(cell_text(c, row[c.key])) for c in table.columns]
        return [f"**{c}**" if bold and c else c for c in cells]

    align = ["---" if c.kind == "text" else "---:" for c in table.columns]
    lines = [f"**{md_escape(table.caption)}**", "", line([md_escape(c.header) for c in table.columns]), line(align)]
    lines += [line(row_cells(r, r is table.total)) for r in table.all_rows()]
    if table.note:
        lines += ["", f"*{md_escape(table.note)}*"]
    return "\n".join(lines)


def _paragraph(p: Paragraph) -> str:
    text = md_escape(p.text)
    if p.style in ("label", "placeholder"):
        text = f"**{text}**"
    elif p.style == "subtitle":
        text = f"*{text}*"
    if p.items:
        text += "\n\n" + "\n".join(f"{n}. {md_escape(item)}" for n, item in enumerate(p.items, start=1))
    return text


def render_markdown(report: Report, chart_files: dict[str, str]) -> str:
    """The document in reading order; ``chart_files`` maps each chart's key to its PNG file name (relative)."""
    blocks = []
    for b in report.blocks:
        if isinstance(b, Heading):
            blocks.append(f"{'#' * b.level} {md_escape(b.text)}")
        elif isinstance(b, Paragraph):
            blocks.append(_paragraph(b))
        elif isinstance(b, Table):
            blocks.append(_table(b))
        elif isinstance(b, Chart):
            blocks.append(f"![{md_escape(b.caption)}]({chart_files[b.key]})\n\n*{md_escape(b.caption)}*")
    return "\n\n".join(blocks) + "\n"


def write_markdown(path: Path, report: Report) -> list[Path]:
    """Write the Markdown file and one PNG per chart next to it; returns all written paths."""
    written: list[Path] = []
    chart_files: dict[str, str] = {}
    for chart in report.charts:
        number = chart.label.split(" ")[-1].replace(".", "_")
        png = path.with_name(f"{path.stem}_gambar_{number}.png")
        png.write_bytes(chart.png)
        written.append(png)
        chart_files[chart.key] = png.name
    path.write_text(render_markdown(report, chart_files), encoding="utf-8")
    return [path, *written]
