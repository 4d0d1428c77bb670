"""Rules by fiscal year and reference files by validity, through the plain pipeline.

A rule row or a reference file that applies from 2026 leaves every 2025 period exactly as it
was: the periods' lineage (files used, rules in force, code) is unchanged, so a refresh skips
them all and the published file keeps its bytes; re-computing June by force gives the same
content. What applies from 2026 is what 2026 gets. A satker master's aktif_dari/aktif_sampai
decide which units a period expects.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from kinerja.periods import Period
from kinerja.pipeline import RunInfo, Settings, find_inputs, refresh_landing, run_period
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.home import Home
from kinerja.warehouse.publish import content_sha256
from tests.conftest import SAMPLE_LANDING

pytestmark = pytest.mark.slow

PUBLISHED = Path("published") / "kinerja.duckdb"


def _content(home: Path) -> str:
    con = connect_published(home / PUBLISHED)
    try:
        return content_sha256(con)
    finally:
        con.close()


@pytest.fixture
def home(sample_home, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(sample_home, copy)
    return copy


def _write_pk_2026(landing: Path, name: str = "pk_2026.csv") -> Path:
    text = (landing / "reference" / "pk.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    # the same indicators in 2026, with the RB target lowered from 100 to 90
    lines = [lines[0]] + [line.replace("2025;", "2026;", 1).replace(";persen;positif;100;", ";persen;positif;90;")
                          for line in lines[1:]]
    path = landing / "reference" / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_2026_pk_and_a_july_satker_master_leave_2025_unchanged_and_apply_from_their_period(
        sample_home, home, landing_copy):
    before = (home / PUBLISHED).read_bytes()
    pk_2026 = _write_pk_2026(landing_copy)
    satker = (landing_copy / "reference" / "satker.csv").read_text(encoding="utf-8")
    satker_july = landing_copy / "reference" / "satker_2025-07.csv"
    satker_july.write_text(satker.replace("Bapas Kelas I Mataram", "Bapas Kelas I Mataram (baru)"), encoding="utf-8")

    again = refresh_landing(landing_copy, home)
    assert set(again.periods.values()) == {"skipped"} and len(again.periods) == 6
    assert again.published is None and (home / PUBLISHED).read_bytes() == before

    forced = refresh_landing(landing_copy, home, period="2025-06", force=True)
    assert forced.periods == {"2025-06": "refreshed"}
    assert forced.content_sha256 == _content(sample_home)

    june = find_inputs(landing_copy, Period(2025, 6))
    assert june.files["pk"] == [landing_copy / "reference" / "pk.csv"]
    assert june.files["satker"] == [landing_copy / "reference" / "satker.csv"]
    assert find_inputs(landing_copy, Period(2025, 7)).files["satker"] == [satker_july]
    january_2026 = find_inputs(landing_copy, Period(2026, 1))
    assert january_2026.files["pk"] == [pk_2026] and january_2026.files["satker"] == [satker_july]


def test_two_reference_files_claiming_one_validity_are_named_together(landing_copy):
    first = _write_pk_2026(landing_copy)
    second = _write_pk_2026(landing_copy, "pk_2026-01.csv")
    found = find_inputs(landing_copy, Period(2026, 1))
    [issue] = [i for i in found.issues if i.rule == "reference.ambiguous"]
    assert first.name in issue.message and second.name in issue.message
    assert not [i for i in find_inputs(landing_copy, Period(2025, 6)).issues if i.severity == "error"]


def _rules_file(tmp_path: Path, edit) -> Path:
    text = resources.files("kinerja").joinpath("rules.toml").read_text(encoding="utf-8")
    path = tmp_path / "rules.toml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_a_2026_rule_row_leaves_2025_figures_unchanged_and_a_2025_change_recomputes(home, tmp_path):
    before = (home / PUBLISHED).read_bytes()
    row_2026 = ('\n[[survei]]\nberlaku_mulai = 2026\nsumber = "[U] test: a 2026 conversion factor"\n'
                'skala = [1, 4]\nkonversi = 20\nmutu = [\n'
                '    { mutu = "A", kinerja_unit = "Sangat Baik", ikm_min = 3.9, ikm_max = 4.00, konversi_min = 78, '
                'konversi_max = 80 },\n'
                '    { mutu = "D", kinerja_unit = "Tidak Baik", ikm_min = 1.00, ikm_max = 3.9, konversi_min = 20, '
                'konversi_max = 78 },\n]\n')
    later = Settings(rules_file=_rules_file(tmp_path, lambda text: text + row_2026))
    assert later.rules(2026).survei_konversi == 20 and later.rules(2025).survei_konversi == 25
    unchanged = refresh_landing(SAMPLE_LANDING, home, settings=later)
    assert set(unchanged.periods.values()) == {"skipped"}
    assert (home / PUBLISHED).read_bytes() == before

    changed = Settings(rules_file=_rules_file(tmp_path, lambda text: text.replace("konversi = 25", "konversi = 20", 1)))
    result = refresh_landing(SAMPLE_LANDING, home, period="2025-06", settings=changed)
    assert result.periods == {"2025-06": "refreshed"}
    con = connect_published(home / PUBLISHED)
    rows = con.execute("""SELECT ikm, ikm_konversi FROM out_survey_region WHERE period = '2025-06-01'""").fetchall()
    con.close()
    assert rows and all(abs(float(konversi) - 20 * float(ikm)) < 1e-9 for ikm, konversi in rows)


def test_a_unit_closed_on_31_march_is_expected_in_march_and_not_in_april(sample_home, landing_copy, tmp_path):
    path = landing_copy / "reference" / "satker.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",aktif_dari,aktif_sampai"] + [
        line + (",2020-01-01,2025-03-31" if line.startswith("410127,") else ",,") for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = duckdb.connect(str(sample_home / "warehouse.duckdb"), read_only=True)
    try:
        run = RunInfo("dry-run", None, landing_copy, Home(tmp_path / "reports"))
        march = run_period(con, run, Period(2025, 3), Settings(), dry_run=True)
        april = run_period(con, run, Period(2025, 4), Settings(), dry_run=True)
    finally:
        con.close()
    assert march.status == "passed", [str(i) for i in march.issues if i.severity == "error"]
    assert april.status == "gate_failed"
    errors = [i for i in april.issues if i.severity == "error"]
    assert {i.rule for i in errors} == {"satker.unknown"}
    assert all("410127" in i.message for i in errors)
