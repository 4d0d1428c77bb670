"""Which units a period expects from the satker master (aktif_dari / aktif_sampai)."""

from __future__ import annotations

from datetime import date

import polars as pl

from kinerja.periods import Period
from kinerja.transforms.units import active_in, active_units

MASTER = pl.DataFrame({
    "kode_satker": ["400001", "400002", "400003", "400004", "400005", "400006"],
    "nama_satker": ["Kanwil", "Rutan tutup Maret", "Lapas buka 15 Juli", "Bapas", "LPKA hanya April",
                    "Rupbasan buka 31 Agustus"],
    "aktif_dari": pl.Series([None, date(2020, 1, 1), date(2025, 7, 15), None, date(2025, 4, 1),
                             date(2025, 8, 31)], dtype=pl.Date),
    "aktif_sampai": pl.Series([None, date(2025, 3, 31), None, None, date(2025, 4, 30), None], dtype=pl.Date),
})


def codes(period: str | Period) -> list[str]:
    return active_units(MASTER, period)["kode_satker"].to_list()


def test_a_unit_closing_on_31_march_is_expected_in_march_not_april() -> None:
    assert "400002" in codes("2025-03") and "400002" not in codes("2025-04")
    assert codes("2025-03") == ["400001", "400002", "400004"]
    assert codes("2025-04") == ["400001", "400004", "400005"]


def test_a_unit_opening_mid_month_is_expected_from_that_month() -> None:
    assert "400003" not in codes("2025-06")
    assert "400003" in codes("2025-07") and "400003" in codes(Period(2026, 1))


def test_bounds_are_inclusive_days_of_the_period() -> None:
    assert "400005" in codes("2025-04") and "400005" not in codes("2025-03") + codes("2025-05")
    assert "400006" in codes("2025-08") and "400006" not in codes("2025-07")   # opens on the last day
    flags = MASTER.select(pl.col("kode_satker"), active_in("2025-05").alias("aktif"))
    assert dict(flags.iter_rows()) == {"400001": True, "400002": False, "400003": False, "400004": True,
                                       "400005": False, "400006": False}


def test_a_master_without_the_optional_columns_expects_every_unit() -> None:
    plain = MASTER.drop("aktif_dari", "aktif_sampai")
    assert active_units(plain, "2025-06").equals(plain)
    only_end = MASTER.drop("aktif_dari")
    # without aktif_dari every unit counts as open since always
    assert active_units(only_end, "2025-04")["kode_satker"].to_list() == [
        "400001", "400003", "400004", "400005", "400006"]
    assert active_units(MASTER, "2025-06").columns == MASTER.columns
