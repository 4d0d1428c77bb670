"""Charts drawn offline with matplotlib from the built tables, as PNG (Agg) and SVG.

A chart's figure is drawn when the chapter is assembled; it is rendered to PNG or SVG the first
time a writer asks for that format (DOCX, XLSX and Markdown take the PNG, HTML the SVG), so a
report of one format, or a chapter composed and not written, renders nothing it does not use.

Figures are made with the object-oriented API (no pyplot, no GUI backend, no global figure
registry), so rendering works headless and in worker threads.

Each chart reads the rows of the table that shows the same figures. A chart whose tables
were skipped is skipped too (logged). Text from the data is drawn literally
(``text.parse_math`` off), fonts are matplotlib's bundled DejaVu, SVG text is drawn as paths.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kinerja.formatting import axis_number, axis_percent, month_short, percent, rupiah
from kinerja.report.indicators import checkpoints
from kinerja.report.tables import CHAPTER, Cell, Row, Table, by_key

log = logging.getLogger(__name__)

_STYLE = {"text.parse_math": False, "svg.fonttype": "path", "svg.hashsalt": "kinerja-report", "font.size": 9}
_PCT_AXIS = FuncFormatter(lambda v, _pos: axis_percent(v))


@dataclass(frozen=True)
class Chart:
    """A drawn chart: ``caption`` (``Gambar n. ...``) and its figure, rendered on first use as
    PNG bytes (150 dpi) or SVG text (text as paths), each once."""

    key: str
    caption: str
    figure: Figure = field(repr=False, compare=False)
    # the figures it plots, for writers that draw a native chart (XLSX): the table key and columns
    source: tuple[str, tuple[str, ...]] | None = None

    @property
    def label(self) -> str:
        """``Gambar 3.2``: how sentences refer to the chart."""
        return self.caption.split(". ", 1)[0]

    @functools.cached_property
    def png(self) -> bytes:
        out = io.BytesIO()
        with matplotlib.rc_context(_STYLE):
            self.figure.savefig(out, format="png", dpi=150, metadata={"Software": None})
        return out.getvalue()

    @functools.cached_property
    def svg(self) -> str:
        out = io.StringIO()
        with matplotlib.rc_context(_STYLE):
            self.figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        return out.getvalue()


@dataclass(frozen=True)
class ChartSpec:
    """A registered chart: the report tables it ``requires`` and how to ``draw`` it."""

    key: str
    title: str
    requires: tuple[str, ...]
    draw: Callable[[dict[str, Table], date], Figure]


def _unit_bars(rows: Sequence[Row], key: str, label: str, overall: Cell, xlabel: str) -> Figure:
    """Horizontal bars of a percentage per unit (``rows[key]``), lowest first, with the overall figure as a line."""
    ranked = sorted(rows, key=lambda r: r[key] if isinstance(r[key], Decimal) else 0)
    fig = Figure(figsize=(8, 0.35 * len(ranked) + 1.4))
    ax = fig.subplots()
    values = [float(v) if isinstance(v := r[key], Decimal) else 0.0 for r in ranked]
    bars = ax.barh([str(r["unit"]) for r in ranked], values, color="#2f6f9f")
    ax.bar_label(bars, labels=[percent(r[key]) if isinstance(r[key], Decimal) else "-" for r in ranked],
                 padding=3, fontsize=8)
    if isinstance(overall, Decimal):
        ax.axvline(float(overall), color="#c0392b", linestyle="--", linewidth=1, label=f"{label}: {percent(overall)}")
        ax.legend(loc="lower right")
    ax.set_xlim(0, 110)
    ax.xaxis.set_major_formatter(_PCT_AXIS)
    ax.set_xlabel(xlabel)
    return fig


def _absorption_by_unit(t: dict[str, Table], _period: date) -> Figure:
    table = t["realisasi_upt"]
    overall = table.total["persen"] if table.total is not None else None
    return _unit_bars(table.rows, "persen", "Seluruh UPT", overall, "Penyerapan anggaran (realisasi / pagu)")


def _rb_by_unit(t: dict[str, Table], _period: date) -> Figure:
    table = t["rb_satker"]
    latest = checkpoints(table)[-1]
    overall = table.total[f"capaian_{latest}"] if table.total is not None else None
    return _unit_bars(table.rows, f"capaian_{latest}", "Gabungan", overall,
                      f"Capaian rencana aksi RB {latest} (terlaksana / target)")


def _pagu_by_jenis(t: dict[str, Table], _period: date) -> Figure:
    rows = t["region_jenis"].rows
    fig = Figure(figsize=(8, 0.6 * len(rows) + 1.4))
    ax = fig.subplots()
    names = [str(r["jenis"]) for r in rows]
    bars = ax.barh(names, [float(r["pagu"]) / 1e9 for r in rows], color="#3c8d5a")
    ax.bar_label(bars, labels=[f"{rupiah(r['pagu'])} ({percent(r['porsi'])})" for r in rows], padding=3, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max((float(r["pagu"]) / 1e9 for r in rows), default=1) * 1.6)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: axis_number(v, decimals=1)))
    ax.set_xlabel("Pagu (miliar rupiah)")
    return fig


def _trajectory(t: dict[str, Table], period: date) -> Figure:
    series, targets = t["trajektori"], t.get("target")
    months = [int(k[5:7]) for k in series.keys]
    fig = Figure(figsize=(8, 4.2))
    ax = fig.subplots()
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, col in enumerate(c for c in series.columns if c.kind == "pct"):
        color = colors[i % len(colors)]
        name = col.header.removesuffix(" (%)")
        values = [None if r[col.key] is None else float(r[col.key]) for r in series.rows]
        ax.plot(months, values, marker="o", color=color, label=f"{name} (realisasi)")
        target_col = next((c for c in targets.columns if c.key == col.key), None) if targets else None
        if targets is not None and target_col is not None:
            ax.plot([int(k) for k in targets.keys], [float(r[col.key]) for r in targets.rows], linestyle="--",
                    marker="s", color=color, alpha=0.6, label=f"{name}: target (estimasi)")
    ax.set_xticks(range(1, 13), [month_short(date(period.year, m, 1)) for m in range(1, 13)])
    ax.set_xlim(0.5, 12.5)
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(_PCT_AXIS)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", ncols=2)
    ax.set_ylabel("Penyerapan kumulatif")
    return fig


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("penyerapan_upt", "Penyerapan anggaran per UPT", ("realisasi_upt",), _absorption_by_unit),
    ChartSpec("pagu_jenis", "Pagu per jenis belanja (Kantor Wilayah beserta UPT)", ("region_jenis",), _pagu_by_jenis),
    ChartSpec("trajektori", "Penyerapan kumulatif bulanan per jenis belanja dan target triwulanan (estimasi)",
              ("trajektori",), _trajectory),
    ChartSpec("rb_satker", "Capaian rencana aksi Reformasi Birokrasi per unit kerja pada checkpoint terakhir",
              ("rb_satker",), _rb_by_unit),
)


def build_charts(tables: Sequence[Table], period: date, specs: Sequence[ChartSpec] = CHARTS) -> list[Chart]:
    """Draw every chart whose tables exist, numbered ``Gambar 1..n``."""
    t = by_key(tables)
    charts: list[Chart] = []
    with matplotlib.rc_context(_STYLE):
        for spec in specs:
            missing = [k for k in spec.requires if k not in t]
            if missing:
                log.warning("report chart %s skipped: table(s) %s not built", spec.key, ", ".join(missing))
                continue
            figure = spec.draw(t, period)
            figure.tight_layout()
            charts.append(Chart(spec.key, f"Gambar {CHAPTER}.{len(charts) + 1}. {spec.title}", figure))
    return charts
