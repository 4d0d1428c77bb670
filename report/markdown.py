"""Markdown output: heading, paragraphs, pipe tables with captions, charts as PNG files beside it.

Text from the data is escaped so that it renders literally (no link, emphasis, HTML or
broken table cell).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kinerja.report.charts import Chart
from kinerja.report.narrative import Paragraph
from kinerja.report.tables import Row, Table, cell_text

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


def render_markdown(heading: str, paragraphs: Sequence[Paragraph], tables: Sequence[Table],
                    chart_files: Sequence[tuple[Chart, str]]) -> str:
    """The document; ``chart_files`` pairs each chart with its PNG file name (relative)."""
    blocks = [f"# {md_escape(heading)}"]
    for p in paragraphs:
        blocks.append(md_escape(p.text))
        if p.items:
            blocks.append("\n".join(f"{n}. {md_escape(item)}" for n, item in enumerate(p.items, start=1)))
    blocks += [_table(t) for t in tables]
    blocks += [f"![{md_escape(c.caption)}]({name})\n\n*{md_escape(c.caption)}*" for c, name in chart_files]
    return "\n\n".join(blocks) + "\n"


def write_markdown(path: Path, heading: str, paragraphs: Sequence[Paragraph], tables: Sequence[Table],
                   charts: Sequence[Chart]) -> list[Path]:
    """Write the Markdown file and one PNG per chart next to it; returns all written paths."""
    written: list[Path] = []
    chart_files = []
    for n, chart in enumerate(charts, start=1):
        png = path.with_name(f"{path.stem}_gambar_{n}.png")
        png.write_bytes(chart.png)
        written.append(png)
        chart_files.append((chart, png.name))
    path.write_text(render_markdown(heading, paragraphs, tables, chart_files), encoding="utf-8")
    return [path, *written]
