"""Gate reports: our offline index.html lists the failing rows; GX Data Docs are built for the
validations that found something, and not at all for a gate that passed."""

from __future__ import annotations

from kinerja.expectations import gate_extract, render_report

from .gate_fixtures import PERIOD, RULES, SATKER_CODES, make_extract, pagu_data, set_value


def test_report_lists_failing_rows_and_links_data_docs(tmp_path):
    bad = set_value(pagu_data(), "kode_akun", 1, "<591111>")
    failing = gate_extract(make_extract("pagu", bad), PERIOD, SATKER_CODES, RULES)
    passing = gate_extract(make_extract("summary"), PERIOD, SATKER_CODES, RULES)
    index = render_report([failing, passing], tmp_path / "gate", "Gate 2025-06")

    assert index == tmp_path / "gate" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "FAILED" in html
    assert f"<td>{PERIOD}/pagu.csv</td><td>6</td><td>kode_akun</td><td>akun.jenis_belanja</td>" in html
    assert "&lt;591111&gt;" in html and "<591111>" not in html  # values are escaped
    assert "<script" not in html and "http" not in html  # self-contained
    pages = sorted((tmp_path / "gate" / "data_docs" / "validations").rglob("*.html"))
    assert len(pages) == sum(bool(run.issues) for run in failing.results) >= 1   # passing runs: no page
    for page in pages:
        assert f"href='{page.relative_to(tmp_path / 'gate').as_posix()}'" in html
    assert (tmp_path / "gate" / "data_docs" / "index.html").exists()


def test_a_passing_gate_writes_its_summary_and_no_data_docs(tmp_path):
    passing = gate_extract(make_extract("summary"), PERIOD, SATKER_CODES, RULES)
    index = render_report([passing], tmp_path / "gate", "Gate 2025-06")
    html = index.read_text(encoding="utf-8")
    assert "PASSED" in html and html.count("<td class='pass'>PASS</td>") == len(passing.results)
    assert not (tmp_path / "gate" / "data_docs").exists()
