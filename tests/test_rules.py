"""Rules keyed by fiscal year (kinerja/rules.toml, kinerja.rules).

The 2025 values are written out here as they were hard-coded before they became data
(report/budget.py TARGETS, transforms/survey.py MUTU_BANDS and CONVERSION, transforms/iph.py
IPH_SCALE, expectations/budget.py DEFAULT_OVER_PAGU_FAIL_RATIO, no capaian cap) and as
DOMAIN.md section 2 gives the IKPA weights, categories and the deviasi threshold.
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from kinerja.rules import Kategori, MutuBand, Rules, RulesError, load_rules, rules_for

D = Decimal
PACKAGED = (resources.files("kinerja") / "rules.toml").read_text(encoding="utf-8")

# A later row for two rules: other survey grades and other quarterly targets from 2026.
ROWS_2026 = """
[[survei]]
berlaku_mulai = 2026
sumber = "[U] test: a hypothetical revision of the interval table"
skala = [1, 4]
konversi = 25
mutu = [
    { mutu = "A", kinerja_unit = "Sangat Baik", ikm_min = 3.2, ikm_max = 4.00, konversi_min = 80.00, konversi_max = 100.00 },
    { mutu = "B", kinerja_unit = "Baik", ikm_min = 3.0, ikm_max = 3.19, konversi_min = 75.00, konversi_max = 79.99 },
    { mutu = "C", kinerja_unit = "Kurang Baik", ikm_min = 2.95, ikm_max = 2.99, konversi_min = 73.75, konversi_max = 74.99 },
    { mutu = "D", kinerja_unit = "Tidak Baik", ikm_min = 1.0, ikm_max = 2.94, konversi_min = 25.00, konversi_max = 73.74 },
]

[[target_penyerapan]]
berlaku_mulai = 2026
sumber = "[U] test: a hypothetical new trajectory"
[target_penyerapan.persen]
51 = [25, 50, 75, 100]
52 = [20, 50, 75, 95]
53 = [10, 40, 70, 90]
57 = [25, 50, 75, 95]
"""


def write(tmp_path: Path, text: str, name: str = "rules.toml") -> Path:
    """``text`` as a rules file in ``tmp_path``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_2025_reproduces_the_values_that_were_hard_coded() -> None:
    r = rules_for(2025)
    assert r.fiscal_year == 2025
    assert {k: tuple(int(v) for v in t) for k, t in r.target_penyerapan.items()} == {
        "51": (20, 50, 75, 95), "52": (15, 50, 70, 90), "53": (10, 40, 70, 90), "57": (25, 50, 75, 95)}
    assert r.survei_mutu == (
        MutuBand("A", "Sangat Baik", D("3.5324"), D("4.00"), D("88.31"), D("100.00")),
        MutuBand("B", "Baik", D("3.0644"), D("3.532"), D("76.61"), D("88.30")),
        MutuBand("C", "Kurang Baik", D("2.60"), D("3.064"), D("65.00"), D("76.60")),
        MutuBand("D", "Tidak Baik", D("1.00"), D("2.5996"), D("25.00"), D("64.99")),
    )
    # the floats the transform compares against are the very doubles it used before
    assert [float(b.ikm_min) for b in r.survei_mutu] == [3.5324, 3.0644, 2.60, 1.00]
    assert (r.survei_konversi, r.survei_skala) == (D(25), (1, 4)) and float(r.survei_konversi) == 25.0
    assert r.iph_skala == (D(1), D(4)) and tuple(map(float, r.iph_skala)) == (1.0, 4.0)
    assert r.over_pagu_fail_ratio == D("1.10") and str(r.over_pagu_fail_ratio) == "1.10"
    assert (r.capaian_cap, r.capaian_floor) == (None, None)
    assert dict(r.ikpa_bobot) == {
        "revisi_dipa": 10, "deviasi_halaman_iii": 15, "penyerapan_anggaran": 20, "belanja_kontraktual": 10,
        "penyelesaian_tagihan": 10, "pengelolaan_up_tup": 10, "capaian_output": 25}
    assert r.ikpa_pengurang == ("dispensasi_spm",)
    assert r.ikpa_kategori == (Kategori("Sangat Baik", D(95)), Kategori("Baik", D(89)),
                               Kategori("Cukup", D(70)), Kategori("Kurang", D(0)))
    assert r.deviasi_batas_pct == D(5)


def test_ratios_and_percentages_are_exact_decimals() -> None:
    r = rules_for(2025)
    numbers = [r.over_pagu_fail_ratio, r.deviasi_batas_pct, r.survei_konversi, *r.iph_skala,
               *r.ikpa_bobot.values(), *(k.nilai_min for k in r.ikpa_kategori),
               *(v for t in r.target_penyerapan.values() for v in t),
               *(getattr(b, f) for b in r.survei_mutu for f in ("ikm_min", "ikm_max", "konversi_min", "konversi_max"))]
    assert all(type(n) is Decimal for n in numbers)


def test_every_rule_in_force_cites_its_source_with_a_confidence_tag() -> None:
    r = rules_for(2025)
    assert set(r.sources) == {"target_penyerapan", "ikpa_bobot", "ikpa_kategori", "deviasi_halaman_iii",
                              "over_pagu", "capaian", "survei", "iph"}
    for name, source in r.sources.items():
        assert source.rule == name and source.berlaku_mulai == 2025
        assert any(tag in source.sumber for tag in ("[C]", "[T]", "[U]")), name
    assert r.sources["target_penyerapan"].sumber.startswith("[T]")   # replicated by tools only
    assert r.sources["survei"].sumber.startswith("[C]") and "14 Tahun 2017" in r.sources["survei"].sumber


def test_a_year_before_every_row_is_refused_and_later_years_keep_the_last_row() -> None:
    with pytest.raises(ValueError, match="no rules for fiscal year 2024") as err:
        rules_for(2024)
    assert "survei from 2025" in str(err.value)
    later = rules_for(2031)
    assert later.fiscal_year == 2031 and later.sha256 == rules_for(2025).sha256
    with pytest.raises(TypeError):
        rules_for("2025")  # type: ignore[arg-type]


def test_sha256_is_stable_and_tracks_values_only(tmp_path: Path) -> None:
    r = rules_for(2025)
    assert r.sha256 == rules_for(2025).sha256 and len(r.sha256) == 64
    # the same values written differently (1.1 for 1.10, 4 for 4.0, other citations) hash alike
    respelled = PACKAGED.replace("rasio_gagal = 1.10", "rasio_gagal = 1.1").replace(
        "skala = [1.0, 4.0]", "skala = [1, 4]").replace("(DOMAIN.md 4)", "(DOMAIN.md section 4)")
    assert respelled != PACKAGED
    assert rules_for(2025, load_rules(write(tmp_path, respelled))).sha256 == r.sha256
    # a changed value changes it, so does configuration given on a run
    changed = PACKAGED.replace("rasio_gagal = 1.10", "rasio_gagal = 1.15")
    assert rules_for(2025, load_rules(write(tmp_path, changed, "b.toml"))).sha256 != r.sha256
    capped = r.with_overrides(capaian_cap=120.0)
    assert capped.capaian_cap == D("120.0") and capped.sha256 != r.sha256
    assert r.with_overrides(capaian_cap=None, over_pagu_fail_ratio=None) is r   # nothing given: unchanged
    assert r.with_overrides(over_pagu_fail_ratio="1.10").sha256 == r.sha256
    with pytest.raises(ValueError, match="at least 1"):
        r.with_overrides(over_pagu_fail_ratio="0.9")
    assert isinstance(hash(r), int)


def test_a_2026_row_changes_2026_only(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, PACKAGED + ROWS_2026))
    r2025, r2026 = rules_for(2025, book), rules_for(2026, book)
    assert r2025 == rules_for(2025) and r2025.sha256 == rules_for(2025).sha256
    assert r2026.sha256 != r2025.sha256
    assert [b.ikm_min for b in r2026.survei_mutu] == [D("3.2"), D("3.0"), D("2.95"), D("1.0")]
    assert r2026.target_penyerapan["51"] == (D(25), D(50), D(75), D(100))
    assert r2026.sources["survei"].berlaku_mulai == 2026 and r2026.sources["iph"].berlaku_mulai == 2025
    assert r2026.over_pagu_fail_ratio == r2025.over_pagu_fail_ratio    # rules without a 2026 row carry on
    assert rules_for(2027, book).survei_mutu == r2026.survei_mutu


def test_the_packaged_file_is_package_data() -> None:
    assert load_rules() is load_rules()                   # read once
    assert load_rules().source == "kinerja/rules.toml"
    assert "berlaku_mulai" in PACKAGED


# --- malformed files: one message naming the rule --------------------------------------------

def test_missing_sumber_names_the_rule(tmp_path: Path) -> None:
    text = PACKAGED.replace('sumber = "[C] radartegal.disway.id citing KPPN Tegal; KPPN Kupang slides 2023 '
                            '(DOMAIN.md 2.2)"\n', "")
    assert text != PACKAGED
    with pytest.raises(RulesError) as err:
        load_rules(write(tmp_path, text))
    assert "rule 'ikpa_kategori', row 1 (berlaku_mulai 2025): missing sumber" in str(err.value)
    assert str(tmp_path / "rules.toml") in str(err.value)


def test_duplicate_berlaku_mulai_names_the_rule_and_both_rows(tmp_path: Path) -> None:
    text = PACKAGED + ROWS_2026.replace("berlaku_mulai = 2026", "berlaku_mulai = 2025")
    with pytest.raises(RulesError) as err:
        load_rules(write(tmp_path, text))
    problems = err.value.problems
    assert "rule 'survei': two rows (rows 1 and 2) have berlaku_mulai 2025; keep one" in problems
    assert "rule 'target_penyerapan': two rows (rows 1 and 2) have berlaku_mulai 2025; keep one" in problems
    assert len(problems) == 2


@pytest.mark.parametrize(("old", "new", "message"), [
    ('sumber = "[C] radartegal', 'sumber = "radartegal', "rule 'ikpa_kategori', row 1 (berlaku_mulai 2025): sumber has no confidence tag"),
    ("[[iph]]\nberlaku_mulai = 2025", "[[iph]]\nberlaku_mulai = \"2025\"", "rule 'iph', row 1: berlaku_mulai must be"),
    ("rasio_gagal = 1.10", "rasio_gagal = 0.9", "rule 'over_pagu', row 1 (berlaku_mulai 2025): rasio_gagal must be at least 1"),
    ("rasio_gagal = 1.10", "rasio = 1.10", "rule 'over_pagu', row 1 (berlaku_mulai 2025): missing 'rasio_gagal'"),
    ("batas_pct = 5", "batas_pct = 5\nbatas = 6", "rule 'deviasi_halaman_iii', row 1 (berlaku_mulai 2025): unknown key(s) batas"),
    ("capaian_output = 25", "capaian_output = 20", "rule 'ikpa_bobot', row 1 (berlaku_mulai 2025): bobot must sum to 100"),
    ("ikm_min = 3.0644", "ikm_min = 3.6", "rule 'survei', row 1 (berlaku_mulai 2025): mutu ikm_min must be listed highest first"),
    ("52 = [15, 50, 70, 90]", "52 = [15, 50, 40, 90]", "rule 'target_penyerapan', row 1 (berlaku_mulai 2025): persen.52: cumulative targets cannot fall"),
    ("[[capaian]]", "[[capaian_cap]]", "rule 'capaian_cap': unknown rule"),
])
def test_a_bad_value_names_its_rule(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in PACKAGED
    with pytest.raises(RulesError) as err:
        load_rules(write(tmp_path, PACKAGED.replace(old, new, 1)))
    assert any(p.startswith(message) for p in err.value.problems), err.value.problems


def test_a_missing_rule_and_unreadable_toml(tmp_path: Path) -> None:
    start = PACKAGED.index("[[iph]]")
    with pytest.raises(RulesError, match="rule 'iph': missing"):
        load_rules(write(tmp_path, PACKAGED[:start]))
    with pytest.raises(RulesError, match="not a readable TOML file"):
        load_rules(write(tmp_path, "[[survei]\n", "broken.toml"))


def test_rules_is_a_frozen_dataclass() -> None:
    r = rules_for(2025)
    assert isinstance(r, Rules)
    with pytest.raises(AttributeError):
        r.over_pagu_fail_ratio = D(2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        r.target_penyerapan["51"] = (D(0),) * 4  # type: ignore[index]
