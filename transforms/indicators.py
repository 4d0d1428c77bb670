"""Non-financial performance indicators: which delivery applies to a period, and the API.

The rules a flow follows to pick the inputs of period P (all within P's calendar year):

- RB: every checkpoint delivered on or before P (``out_rb_*`` show each, ``is_latest`` marks
  the latest, which is P's figure); none yet -> the RB indicator is n/a;
- survey: the responses of the semester containing P, if delivered on or before P; else n/a;
- IPH: the latest delivery on or before P; else n/a;
- typed iku realisations: the file delivered in P's own folder; a typed indicator without a
  row there is n/a "belum dilaporkan";
- pk: the pk in force in ``reference/`` (``readers.reference_for``: by the validity its name
  gives, ``pk.csv`` from the beginning, ``pk_2026.csv`` from 2026-01).

Pure functions: periods are ``YYYY-MM`` strings, frames are polars; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

from kinerja.periods import Period
from kinerja.transforms.attainment import (
    attainment,
    attainment_summary,
    computed_values,
    realizations,
)
from kinerja.transforms.iph import iph_tables
from kinerja.transforms.rb import (
    CHECKPOINTS,
    checkpoint_of,
    rb_tables,
    with_checkpoint,
)
from kinerja.transforms.survey import survey_tables

__all__ = [
    "CHECKPOINTS", "attainment", "attainment_summary", "checkpoint_of",
    "computed_values", "iph_tables", "latest_on_or_before", "rb_checkpoints_in_force", "rb_tables",
    "realizations", "semester", "survey_in_force", "survey_tables", "with_checkpoint",
]


def semester(period: str) -> tuple[str, str]:
    """First and last period of the semester containing ``period`` (``2025-04`` ->
    ``("2025-01", "2025-06")``)."""
    p = Period.parse(period)
    first = 1 if p.month <= 6 else 7
    return str(Period(p.year, first)), str(Period(p.year, first + 5))


def latest_on_or_before(delivered: Iterable[str], period: str) -> str | None:
    """The latest of ``delivered`` periods on or before ``period`` in the same year."""
    p = Period.parse(period)
    found = [Period.parse(d) for d in delivered]
    found = [d for d in found if d.year == p.year and d <= p]
    return str(max(found)) if found else None


def survey_in_force(delivered: Iterable[str], period: str) -> str | None:
    """The survey delivery that applies to ``period``: the latest one delivered on or before
    it within its semester, else None (n/a)."""
    first, _ = semester(period)
    found = [d for d in delivered if first <= str(Period.parse(d)) <= str(Period.parse(period))]
    return max(found) if found else None


def rb_checkpoints_in_force(delivered: Iterable[str], period: str) -> list[str]:
    """Every rb delivery period on or before ``period`` in its year, oldest first."""
    p = Period.parse(period)
    return sorted(str(d) for d in (Period.parse(x) for x in delivered) if d.year == p.year and d <= p)
