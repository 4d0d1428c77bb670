"""The DOCX opens with python-docx and holds the heading, narrative, captioned tables and charts."""

from __future__ import annotations

import docx

from kinerja.report.tables import cell_text


def test_docx_holds_narrative_tables_and_charts(sample_report, composed):
    doc = docx.Document(str(sample_report["docx"]))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Realisasi Anggaran s.d. 30 Juni 2025"
    for p in composed.paragraphs:
        assert p.text in texts
        assert all(item in texts for item in p.items)
    assert "Rp123.380.040.660" in "\n".join(texts)
    assert len(doc.tables) == len(composed.tables)
    for grid, table in zip(doc.tables, composed.tables, strict=True):
        assert [c.text for c in grid.rows[0].cells] == [c.header for c in table.columns]
        assert len(grid.rows) == 1 + len(table.all_rows())
        last = [c.text for c in grid.rows[-1].cells]
        assert last == [cell_text(c, table.all_rows()[-1][c.key]) for c in table.columns]
        assert table.caption in texts
    assert len(doc.inline_shapes) == len(composed.charts) == 4
    assert all(c.caption in texts for c in composed.charts)
