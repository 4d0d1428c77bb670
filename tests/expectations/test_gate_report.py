"""Gate reports: one self-contained index.html in Indonesian, failures first, a summary row for
every outcome, repeated rows collapsed; no request leaves the machine (headless Chromium)."""

from __future__ import annotations

from kinerja.expectations import GateResult, gate_extract, render_report
from kinerja.issues import Issue
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
