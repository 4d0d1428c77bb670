"""At 2025-06 the published indicator tables reproduce the report's RB action plans (Tabel 1.8)
and give each indicator its status. Expected values come from data/seed_facts/ (the report),
recomputed here; never from kinerja's own output."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.conftest import SAMPLE_LANDING, SEED_FACTS
from kinerja.warehouse.db import connect_published

JUNE = "2025-06-01"


@pytest.fixture(scope="module")
def pub(sample_home):
    con = connect_published(sample_home / "published" / "kinerja.duckdb")
    yield con
    con.close()


def rb_seed() -> list[dict]:
    with (SEED_FACTS / "rb_rat_2025.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def whole_pct(value: float) -> Decimal:
    """The report prints RB capaian as a whole percentage, rounded half up (31/48 -> 65)."""
    return Decimal(repr(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def test_rb_per_unit_equals_tabel_1_8_at_both_checkpoints(pub):
    got = {(n, c): (t, x, pct) for n, c, t, x, pct in pub.execute(f"""
        SELECT nama_satker, checkpoint, target, terlaksana, capaian_pct FROM out_rb_satker
        WHERE period = '{JUNE}'""").fetchall()}
    rows = rb_seed()
    assert len(got) == 2 * len(rows) == 24          # the Kanwil and 11 UPT, B03 and B06
    for row in rows:
        for cp, suffix in (("B03", "b03"), ("B06", "b06")):
            target, done, pct = got[(row["unit_name"], cp)]
            assert (target, done) == (int(row[f"target_{suffix}"]), int(row[f"realisasi_{suffix}"]))
            assert whole_pct(pct) == Decimal(row[f"capaian_{suffix}_stated"]), (row["unit_name"], cp)


def test_rb_region_is_the_pooled_b06_ratio_and_the_indicator_is_not_achieved(pub):
    rows = rb_seed()
    pooled = sum(int(r["realisasi_b06"]) for r in rows) / sum(int(r["target_b06"]) for r in rows) * 100  # 508/578
    (latest, pct), = pub.execute(f"""SELECT checkpoint, capaian_pct FROM out_rb_region
        WHERE period = '{JUNE}' AND is_latest""").fetchall()
    assert latest == "B06" and pct == pytest.approx(pooled, abs=1e-9)
    target, realisasi, status = pub.execute(f"""SELECT target, realisasi, status FROM out_iku
        WHERE period = '{JUNE}' AND sumber = 'rb'""").fetchall()[0]
    assert target == 100 and realisasi == pytest.approx(pooled) and status == "tidak tercapai"


def test_not_assessable_indicator_has_no_number_and_is_not_counted(pub):
    rows = pub.execute(f"""SELECT realisasi, capaian_pct, status, keterangan FROM out_iku
        WHERE period = '{JUNE}' AND sumber IS NULL""").fetchall()
    assert rows == [(None, None, "tidak dapat dinilai", "menunggu LHP BPK")]
    statuses = [s for (s,) in pub.execute(f"SELECT status FROM out_iku WHERE period = '{JUNE}'").fetchall()]
    n, assessed, achieved, not_achieved, na = pub.execute(f"""SELECT n_indikator, n_dinilai, n_tercapai,
        n_tidak_tercapai, n_tidak_dapat_dinilai FROM out_iku_summary WHERE period = '{JUNE}'""").fetchall()[0]
    assert (n, achieved, not_achieved, na) == (len(statuses), statuses.count("tercapai"),
                                               statuses.count("tidak tercapai"), 1)
    assert assessed == n - na


def test_survey_free_text_never_reaches_published_tables(pub):
    with (SAMPLE_LANDING / "2025-06" / "survei.csv").open(encoding="utf-8") as fh:
        texts = {r["Saran"] for r in csv.DictReader(fh, delimiter=";") if r["Saran"]}
    assert texts
    columns = pub.execute("""SELECT table_name, column_name FROM information_schema.columns
        WHERE data_type = 'VARCHAR'""").fetchall()
    assert not [c for _, c in columns if c.lower() in ("saran", "masukan")]
    for table, column in columns:
        values = {v for (v,) in pub.execute(f'SELECT DISTINCT "{column}" FROM {table}').fetchall()}
        assert not values & texts, (table, column)
    n, = pub.execute(f"SELECT n_responden FROM out_survey_region WHERE period = '{JUNE}'").fetchall()[0]
    with (SAMPLE_LANDING / "2025-06" / "survei.csv").open(encoding="utf-8") as fh:
        assert n == sum(1 for _ in fh) - 1          # every respondent of the semester counted
