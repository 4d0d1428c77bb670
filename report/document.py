"""What one report shows, in reading order, before it is written in any format: the value
every writer (docx, xlsx, html, md) renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kinerja.report.chapter import Block
from kinerja.report.charts import Chart
from kinerja.report.narrative import Heading, Paragraph
from kinerja.report.queries import Region
from kinerja.report.tables import Table


@dataclass(frozen=True)
class Report:
    """Everything one report shows, in reading order, before it is written in any format."""

    period: date
    region: Region
    kind: str
    heading: str
    blocks: list[Block]
    tables: list[Table]
    charts: list[Chart]
    missing: list[str] = field(default_factory=list)  # analysis entries absent from narasi.md

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph, in reading order."""
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables_in_order(self) -> list[Table]:
        """The tables as the chapter places them (their numbers: Tabel 3.1, 3.2, ...)."""
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
