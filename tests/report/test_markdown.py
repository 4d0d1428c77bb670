"""The Markdown page: narrative, tables, chart images beside it, hostile names escaped."""

from __future__ import annotations

from tests.report.conftest import HTML_NAME


def test_markdown_content(sample_report, composed):
    text = sample_report["md"].read_text(encoding="utf-8")
    assert text.startswith("# BAB III AKUNTABILITAS KINERJA\n")
    assert "\n## A. Capaian Kinerja Organisasi\n" in text and "\n## E. Kesimpulan\n" in text
    # captions above their tables, as in the DOCX
    first = composed.tables_in_order()[0]
    assert f"**{first.caption}**\n\n| No |" in text.replace("\\.", ".")
    assert "Rp123.380.040.660 (seratus dua puluh tiga miliar" in text
    assert "| **TOTAL** | **123.380.040.660** | **100,00** | **48.809.701.898** |" in text
    for n in (1, 2, 3, 4):
        image = sample_report["md"].with_name(f"kinerja_2025-06_gambar_3_{n}.png")
        assert f"]({image.name})" in text and image.read_bytes().startswith(b"\x89PNG")


def test_markdown_escapes_data(malicious_report):
    text = malicious_report["md"].read_text(encoding="utf-8")
    assert HTML_NAME not in text
    assert r"\<img src=//evil.example/x.png onerror=alert(1)\>\|\*x\*" in text
