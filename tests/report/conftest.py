"""Report fixtures: the sample refreshed once (``sample_home``), reports built once per session
for every xdist worker (``built_once``: the first worker to ask writes them, the others read).

``malicious_db`` is a copy of the published file where two unit names are replaced by
hostile text (a spreadsheet formula and an HTML element fetching a remote image), in the
budget and in the indicator tables.
"""

from __future__ import annotations

import csv
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from kinerja import report
from tests.conftest import SAMPLE_LANDING, SEED_FACTS, built_once

PERIOD = "2025-06"
FORMULA_NAME = '=HYPERLINK("http://x")'
HTML_NAME = '<img src=//evil.example/x.png onerror=alert(1)>|*x*'
FORMULA_UNIT = "Lapas Kelas IIB Selong"  # the highest absorption: also quoted in the narrative
HTML_UNIT = "Rupbasan Kelas II Sumbawa Besar"  # the lowest absorption: also quoted


def seed_rows(name: str) -> list[dict[str, str]]:
    """Rows of a seed-facts CSV without its TOTAL_AS_PRINTED row."""
    with (SEED_FACTS / name).open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if not r[next(iter(r))].startswith("TOTAL_AS_PRINTED")]


def pct2(value: float | Decimal) -> Decimal:
    """Round half-up to 2 decimals, as the report prints percentages."""
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.fixture(scope="session")
def published_db(sample_home: Path) -> Path:
    return sample_home / "published" / "kinerja.duckdb"


@pytest.fixture(scope="session")
def composed(published_db: Path) -> report.Report:
    return report.compose(published_db, PERIOD, landing=SAMPLE_LANDING)


def _by_suffix(folder: Path) -> dict[str, Path]:
    """The report files of ``folder`` by format (the chart PNGs beside them left out)."""
    return {p.suffix.lstrip("."): p for p in folder.iterdir() if p.suffix != ".png"}


@pytest.fixture(scope="session")
def sample_report(published_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The four formats of 2025-06, by suffix."""
    return _by_suffix(built_once(tmp_path_factory, "sample_report", lambda out: report.build(
        published_db, PERIOD, out_dir=out, landing=SAMPLE_LANDING)))


@pytest.fixture(scope="session")
def malicious_db(published_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    def build(folder: Path) -> None:
        copy = folder / "kinerja.duckdb"
        shutil.copyfile(published_db, copy)
        con = duckdb.connect(str(copy))
        for table in ("out_budget_satker", "out_budget_satker_jenis_belanja", "out_rb_satker", "out_survey_satker",
                      "out_iph_satker"):
            for old, new in ((FORMULA_UNIT, FORMULA_NAME), (HTML_UNIT, HTML_NAME)):
                con.execute(f"UPDATE {table} SET nama_satker = $new WHERE nama_satker = $old",
                            {"new": new, "old": old})
        con.close()

    return built_once(tmp_path_factory, "malicious", build) / "kinerja.duckdb"


@pytest.fixture(scope="session")
def malicious_report(malicious_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _by_suffix(built_once(tmp_path_factory, "malicious_report", lambda out: report.build(
        malicious_db, PERIOD, out_dir=out, landing=SAMPLE_LANDING)))
