"""The DOCX: Bab III in reading order, A4, Indonesian, fitted tables with repeated headers."""

from __future__ import annotations

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Emu

from kinerja.report.chapter import SECTIONS
from kinerja.report.docx import fit_columns
from kinerja.report.narrative import Heading, Paragraph
from kinerja.report.tables import Table, cell_text


def test_docx_holds_the_chapter_in_reading_order(sample_report, composed):
    doc = docx.Document(str(sample_report["docx"]))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "BAB III AKUNTABILITAS KINERJA"
    assert "Laporan Kinerja Semester I Tahun 2025" in texts[1]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == list(SECTIONS)
    for p in composed.paragraphs:
        assert p.text in texts
        assert all(item in texts for item in p.items)
    assert "Rp123.380.040.660" in "\n".join(texts)
    assert len(doc.tables) == len(composed.tables)
    # every table follows its caption, which follows (somewhere) the paragraph citing it
    body = [el for el in doc.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    for grid, table in zip(doc.tables, composed.tables_in_order(), strict=True):
        assert [c.text for c in grid.rows[0].cells] == [c.header for c in table.columns]
        assert len(grid.rows) == 1 + len(table.all_rows())
        last = [c.text for c in grid.rows[-1].cells]
        assert last == [cell_text(c, table.all_rows()[-1][c.key]) for c in table.columns]
        at = body.index(grid._tbl)
        caption = docx.text.paragraph.Paragraph(body[at - 1], doc)
        assert caption.text == table.caption and caption.style.name == "Caption"
    assert len(doc.inline_shapes) == len(composed.charts) == 4
    assert all(c.caption in texts for c in composed.charts)


def test_docx_page_language_and_repeated_headers(sample_report, composed):
    doc = docx.Document(str(sample_report["docx"]))
    for section in doc.sections:
        short, long = sorted((section.page_width, section.page_height))
        assert (round(Cm(21).emu / 1000), round(Cm(29.7).emu / 1000)) == (round(short / 1000), round(long / 1000))
        text_width = section.page_width - section.left_margin - section.right_margin
        assert text_width > 0
    portrait = doc.sections[0]
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    assert (round(portrait.left_margin.cm, 2), round(portrait.top_margin.cm, 2)) == (3.0, 2.0)
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in doc.sections)  # the wide IPH table
    # Indonesian on the document defaults and on the styles used
    langs = doc.styles.element.findall(f".//{qn('w:docDefaults')}//{qn('w:lang')}")
    assert [el.get(qn("w:val")) for el in langs] == ["id-ID"]
    for name in ("Normal", "Heading 1", "Heading 2", "Caption", "Table Grid"):
        lang = doc.styles[name].element.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        assert lang is not None and lang.get(qn("w:val")) == "id-ID", name
    # page numbers in the footer
    assert "PAGE" in "".join(doc.sections[0].footer._element.itertext())
    # header rows repeat, no table is wider than the text area of its section
    sections = _table_sections(doc)
    for grid, section in zip(doc.tables, sections, strict=True):
        first = grid.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        widths = [int(gc.get(qn("w:w"))) for gc in grid._tbl.tblGrid.findall(qn("w:gridCol"))]
        area = Emu(section.page_width - section.left_margin - section.right_margin).twips
        assert sum(widths) <= area + 2, (grid.rows[0].cells[1].text, sum(widths), area)


def test_number_columns_are_wide_enough_for_their_widest_value(composed):
    for table in composed.tables:
        minimum, _ = fit_columns(table, 9.0)
        for col, width in zip(table.columns, minimum, strict=True):
            if col.kind in ("money", "count"):
                # Arial digits are 0,556 em; the cell margins take 0,2 cm (0,1 cm each side)
                digits = max(sum(ch.isdigit() for ch in cell_text(col, r[col.key])) for r in table.all_rows())
                assert width >= Cm(0.2) + digits * 0.556 * 9 * 12700, (table.key, col.key)


def _table_sections(doc) -> list:
    """The section each table lies in (a section ends at the paragraph holding its sectPr)."""
    out, index = [], 0
    for el in doc.element.body:
        if el.tag == qn("w:tbl"):
            out.append(doc.sections[index])
        elif el.tag == qn("w:p") and el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1
    return out


def test_headings_a_to_e_and_every_pk_indicator_in_section_a(composed):
    blocks = composed.blocks
    levels = [b.text for b in blocks if isinstance(b, Heading) and b.level == 2]
    assert levels == list(SECTIONS)
    start = blocks.index(next(b for b in blocks if isinstance(b, Heading) and b.text == SECTIONS[0]))
    end = blocks.index(next(b for b in blocks if isinstance(b, Heading) and b.text == SECTIONS[1]))
    section_a = blocks[start:end]
    iku = next(t for t in composed.tables if t.key == "iku")
    for row in iku.rows:
        assert any(isinstance(b, Heading) and b.text.endswith(str(row["indikator"])) for b in section_a)
        sentence = next(b.text for b in section_a if isinstance(b, Paragraph)
                        and b.text.startswith(f"Indikator {row['indikator']} dengan target"))
        assert cell_text(iku.columns[4], row["target"]) in sentence
        if row["realisasi"] != "n/a":
            assert cell_text(iku.columns[5], row["realisasi"]) in sentence
    assert isinstance(section_a[0], Heading) and any(isinstance(b, Table) for b in section_a)


def test_template_styles_and_f4(published_db, tmp_path):
    from kinerja import report
    from tests.conftest import SAMPLE_LANDING
    from tests.report.conftest import PERIOD

    template = docx.Document()
    template.styles["Normal"].font.name = "Bookman Old Style"
    template.add_paragraph("isi templat yang tidak ikut")
    template.save(str(tmp_path / "kantor.docx"))
    out = report.build(published_db, PERIOD, ("docx",), tmp_path / "o", landing=SAMPLE_LANDING,
                       template=tmp_path / "kantor.docx", paper="F4")
    doc = docx.Document(str(out[0]))
    assert doc.styles["Normal"].font.name == "Bookman Old Style"
    assert doc.paragraphs[0].text == "BAB III AKUNTABILITAS KINERJA"
    assert "isi templat yang tidak ikut" not in [p.text for p in doc.paragraphs]
    for section in doc.sections:
        assert sorted((round(section.page_width.cm, 1), round(section.page_height.cm, 1))) == [21.5, 33.0]
    assert doc.styles["Normal"].element.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "id-ID"
