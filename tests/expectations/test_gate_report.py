"""Gate reports: one self-contained index.html in Indonesian, failures first, a summary row for
every outcome, repeated rows collapsed; no request leaves the machine (headless Chromium)."""

from __future__ import annotations

import re
import shutil

import openpyxl
import polars as pl
import pytest

from kinerja.expectations import GateResult, gate_extract, render_report
from kinerja.expectations.guidance import TINDAKAN
from kinerja.issues import Issue
from kinerja.pipeline import RefreshFailed, refresh_landing
from tests.conftest import REPO, SAMPLE_LANDING
from tests.report.test_html import chromium_dom, external_refs

from .gate_fixtures import PERIOD, RULES, SATKER_CODES, make_extract, pagu_data, set_value


def test_report_lists_failures_first_in_indonesian_and_loads_nothing_from_the_network(tmp_path):
    bad = set_value(pagu_data(), "kode_akun", 1, "<591111>")
    failing = gate_extract(make_extract("pagu", bad), PERIOD, SATKER_CODES, RULES)
    passing = gate_extract(make_extract("summary"), PERIOD, SATKER_CODES, RULES)
    index = render_report([passing, failing], tmp_path / "gate", "Gerbang mutu 2025-06")

    assert index == tmp_path / "gate" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "GAGAL" in html and "kesalahan" in html and "Ringkasan" in html
    assert f"<td>{PERIOD}/pagu.csv</td>\n<td>6</td><td>kode_akun</td><td>akun.jenis_belanja</td>" in html
    assert "&lt;591111&gt;" in html and "<591111>" not in html   # values are escaped
    # the failing validation comes before every passing one in the summary
    rows = html.split("<h2>Ringkasan</h2>")[1].split("</table>")[0]
    assert rows.index("GAGAL") < rows.index("LULUS")
    assert "<script" not in html and "http" not in html and external_refs(html) == []
    assert sorted(p.name for p in (tmp_path / "gate").iterdir()) == ["index.html"]   # no Data Docs copies
    dom = chromium_dom(index, tmp_path / "profile")
    assert "GAGAL" in dom and "akun.jenis_belanja" in dom


def test_unreadable_files_have_a_summary_row_and_repeated_rows_collapse(tmp_path):
    unreadable = Issue(f"{PERIOD}/realisasi.xlsx", "file.unreadable", "berkas tidak dapat dibaca sebagai XLSX")
    many = [Issue(f"{PERIOD}/pagu.csv", "akun.unknown", f"akun {n} tidak dikenal", row=n + 2, column="kode_akun")
            for n in range(135)]
    result = GateResult.from_issues(PERIOD, [unreadable, *many])
    html = render_report([result], tmp_path / "gate", "Gerbang mutu 2025-06").read_text(encoding="utf-8")
    summary = html.split("<h2>Ringkasan</h2>")[1].split("</table>")[0]
    assert f"{PERIOD}/realisasi.xlsx" in summary and "pembacaan dan kelengkapan berkas" in summary
    assert html.count("akun.unknown") == 6          # five rows shown, then one collapsed line
    assert "dan 130 baris lain melanggar aturan yang sama (baris 7, 8, 9, " in html


def test_a_passing_gate_says_so(tmp_path):
    passing = gate_extract(make_extract("summary"), PERIOD, SATKER_CODES, RULES)
    html = render_report([passing], tmp_path / "gate", "Gerbang mutu 2025-06").read_text(encoding="utf-8")
    assert "<b>LULUS</b>" in html and html.count('<td class="lulus">LULUS</td>') == len(passing.results)


def _break_may(landing, edit) -> None:
    path = landing / "2025-05" / "realisasi.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def _failed_report(sample_home, landing, tmp_path, period="2025-05"):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    with pytest.raises(RefreshFailed) as failed:
        refresh_landing(landing, home, period=period)
    return failed.value.gate_report


def test_a_reconciliation_failure_names_the_earlier_months_file_and_what_to_do(sample_home, landing_copy,
                                                                                tmp_path):
    # May's file states 343.016.801 to date for 410001/511111, of which 92.873.004 this month:
    # April's cumulative is their difference. Raise the to-date figure by 100.
    lines = (landing_copy / "2025-05" / "realisasi.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "410001,511111,92873004,343016801"
    _break_may(landing_copy, lambda ls: [ls[0], "410001,511111,92873004,343016901", *ls[2:]])
    index = _failed_report(sample_home, landing_copy, tmp_path)
    html = index.read_text(encoding="utf-8")
    april = 343016801 - 92873004
    assert april == 250143797
    row = html.split("<td>cumulative.inconsistent</td>")[1].split("</tr>")[0]   # the rule id, unchanged
    assert ("realisasi s.d. bulan ini 343.016.901 tidak sama dengan realisasi s.d. April 2025 menurut "
            "2025-04/realisasi_sp2d.csv (250.143.797) ditambah realisasi bulan ini 92.873.004; selisih 100") in row
    assert "Bandingkan baris ini dengan berkas bulan lalu yang disebut" in row    # what to do, in Indonesian
    assert "<td>2025-05/realisasi.csv</td>\n<td>2</td><td>realisasi_sd_bulan_ini</td>" in html
    assert "<script" not in html and "http" not in html and external_refs(html) == []
    dom = chromium_dom(index, tmp_path / "profile")   # every host unresolvable: nothing may load
    assert "2025-04/realisasi_sp2d.csv" in dom and "GAGAL" in dom


def test_akun_lines_missing_from_a_cumulative_snapshot_are_one_message(sample_home, landing_copy, tmp_path):
    original = (landing_copy / "2025-05" / "realisasi.csv").read_text(encoding="utf-8").splitlines()
    dropped = original[2:40]                                      # 38 akun lines of May's snapshot
    _break_may(landing_copy, lambda ls: [ls[0], ls[1], *ls[40:]])
    html = _failed_report(sample_home, landing_copy, tmp_path).read_text(encoding="utf-8")
    assert html.count("<td>cumulative.falls</td>") == 1
    first = ", ".join(f"{line.split(',')[0]}/{line.split(',')[1]}" for line in dropped[:5])
    assert (f"38 baris kode_satker/kode_akun yang ada pada realisasi s.d. April 2025 menurut "
            f"2025-04/realisasi_sp2d.csv tidak ada di file ini, sehingga realisasi kumulatifnya dianggap 0: "
            f"{first} dan 33 lainnya.") in html


def test_every_documented_rule_says_what_to_do_in_indonesian():
    documented = set()
    for line in (REPO / "docs" / "rules.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            documented |= set(re.findall(r"`([a-z]+\.[a-z_]+)`", line.split("|")[1]))
    assert len(documented) >= 60
    assert sorted(documented - set(TINDAKAN)) == []
    assert sorted(set(TINDAKAN) - documented) == []      # no sentence for a rule that does not exist


def test_a_title_row_naming_another_period_is_one_message(sample_home, landing_copy, tmp_path):
    path = landing_copy / "2025-06" / "realisasi.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet["A3"].value == "Periode: Juni 2025"
    sheet["A3"] = "Periode: Mei 2025"
    workbook.save(path)
    html = _failed_report(sample_home, landing_copy, tmp_path, "2025-06").read_text(encoding="utf-8")
    assert html.count("<td>period.mismatch</td>") == 1
    assert ("judul file di baris 3 (Periode: Mei 2025) menyebut 2025-05, sedangkan foldernya 2025-06: pindahkan "
            "file ke 2025-05/, atau taruh file 2025-06 di sini") in html


def test_a_long_value_is_cut_to_80_characters(sample_home, landing_copy, tmp_path):
    pasted = "Rp " + "sembilan puluh dua juta " * 20          # 483 characters in an amount cell
    _break_may(landing_copy, lambda ls: [ls[0], f"410001,511111,92873004,{pasted}", *ls[2:]])
    html = _failed_report(sample_home, landing_copy, tmp_path).read_text(encoding="utf-8")
    quoted = re.search(r"&#39;(Rp sembilan[^&]*)&#39; bukan angka", html).group(1)
    assert len(quoted) == 80 and quoted == pasted[:79] + "…"
    assert "<td>2</td><td>realisasi_sd_bulan_ini</td><td>number.invalid</td>" in html   # the file's own header


def test_an_unreadable_workbook_is_said_in_plain_words(sample_home, landing_copy, tmp_path):
    (landing_copy / "2025-06" / "realisasi.xlsx").write_bytes(b"PK\x03\x04" + b"not a workbook" * 20)
    html = _failed_report(sample_home, landing_copy, tmp_path, "2025-06").read_text(encoding="utf-8")
    assert ("file ini tidak dapat dibuka sebagai workbook Excel: rusak, belum lengkap (masih disalin?) atau "
            "sebenarnya bukan .xlsx; buka lalu simpan ulang di Excel, atau minta ekspor ulang") in html
    assert "Zip" not in html and "calamine" not in html and str(landing_copy) not in html
    summary = html.split("<h2>Ringkasan</h2>")[1].split("</table>")[0]
    assert "2025-06/realisasi.xlsx" in summary and "GAGAL" in summary     # an outcome row for the unread file
