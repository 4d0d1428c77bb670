"""Bab III Akuntabilitas Kinerja: the blocks of the chapter in reading order.

    A. Capaian Kinerja Organisasi   one subsection per sasaran, one per indicator of the PK
    B. Realisasi Anggaran           pagu, blokir, absorption, triwulan targets, DIPA history
    C. Capaian Kinerja Anggaran     IKPA when published (``out_ikpa*``), else marked as missing
    D. Efisiensi                    when the PK anggaran per kegiatan is published, else marked
    E. Kesimpulan

Tables and charts are numbered ``Tabel 3.n`` / ``Gambar 3.n`` in the order they are placed,
which is fixed by the section order (and, in A, by the PK's indicator order), and each sits
right after the paragraph that cites it. The office's analysis (narasi.md) is merged verbatim
under its indicator, the budget and the conclusion; a missing one is a marked placeholder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Final, Literal

import duckdb

from kinerja.report import narasi as narasi_mod
from kinerja.report.budget import QUARTERS, UNIT_TYPES
from kinerja.report.charts import CHARTS, Chart, build_charts
from kinerja.formatting import as_of, count_words, month_year, percent, pct_number, rupiah, words
from kinerja.report.indicators import indicator_row
from kinerja.report.narrative import (
    Heading,
    Paragraph,
    attainment_sentence,
    budget_narrative,
    ikm_sentence,
    iph_sentence,
    rb_sentence,
)
from kinerja.report.tables import Column, Table, by_key, make_table

ReportKind = Literal["bulanan", "triwulan", "semester", "tahunan"]
KINDS: Final[tuple[str, ...]] = ("bulanan", "triwulan", "semester", "tahunan")
ROMAN: Final = ("I", "II", "III", "IV")
SECTIONS: Final = ("A. Capaian Kinerja Organisasi", "B. Realisasi Anggaran", "C. Capaian Kinerja Anggaran",
                   "D. Efisiensi", "E. Kesimpulan")
MISSING_DATA: Final = "[DATA BELUM TERSEDIA]"
# The indicator detail tables (and charts), by the PK row's sumber.
DETAIL: Final[dict[str, tuple[str, ...]]] = {"iph": ("iph",), "rb": ("rb_satker",), "survei": ("ikm",)}
DETAIL_CHARTS: Final[dict[str, tuple[str, ...]]] = {"rb": ("rb_satker",)}
IGNORED_COLUMNS: Final = {"period", "kode_kanwil", "nama_kanwil"}
# The published IKPA tables section C shows (issue 10), with the columns it prefers when present
# (others: every column but keys and load ids). Detail tables (components, deviation) are not shown.
IKPA: Final[dict[str, tuple[str, ...]]] = {
    "out_ikpa_region": ("n_satker", "nilai_rata_rata", "kategori", "konvensi"),
    "out_ikpa_satker": ("nama_satker", "nilai_akhir", "kategori", "status_nilai", "nilai_akhir_resmi",
                        "kategori_resmi"),
}

Block = Heading | Paragraph | Table | Chart


def default_kind(month: int) -> str:
    """June is Semester I, December the annual report, March and September a triwulan."""
    return {12: "tahunan", 6: "semester", 3: "triwulan", 9: "triwulan"}.get(month, "bulanan")


def kind_title(kind: str, period: date) -> str:
    """``Semester I Tahun 2025``, ``Triwulan III Tahun 2025``, ``Bulan Mei 2025``, ``Tahunan 2025``."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; choose from {', '.join(KINDS)}")
    m = period.month
    if kind == "tahunan":
        if m != 12:
            raise ValueError("an annual report (tahunan) is for December (YYYY-12)")
        return f"Tahunan {period.year}"
    if kind == "semester":
        if m not in (6, 12):
            raise ValueError("a semester report is for June or December")
        return f"Semester {'I' if m == 6 else 'II'} Tahun {period.year}"
    if kind == "triwulan":
        if m % 3:
            raise ValueError("a triwulan report is for March, June, September or December")
        return f"Triwulan {ROMAN[m // 3 - 1]} Tahun {period.year}"
    return f"Bulan {month_year(period)}"


@dataclass(frozen=True)
class Chapter:
    title: str
    blocks: list[Block]
    missing: list[str]


def _analysis(notes: narasi_mod.Narasi, key: str, what: str, missing: list[str]) -> list[Block]:
    parts = notes.get(key)
    if parts is None:
        missing.append(f"{key} ({what})")
        return [Paragraph(narasi_mod.placeholder(key, what), style="placeholder")]
    blocks: list[Block] = []
    for part in parts:
        if part.title:
            blocks.append(Paragraph(part.title, style="label"))
        blocks += [Paragraph(text, style="analysis") for text in part.paragraphs]
    return blocks


def _generic(con: duckdb.DuckDBPyConnection, name: str, period: date, kode_kanwil: str, key: str,
             title: str, prefer: tuple[str, ...] = ()) -> Table | None:
    """A published table shown as is (rows of the period and region; the ``prefer`` columns when
    present, else every column but keys and load ids). Units in the office's order."""
    cols = con.sql("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $t "
                   "ORDER BY ordinal_position", params={"t": name}).fetchall()
    names = [c for c, _ in cols]
    preferred = [(c, t) for p in prefer for c, t in cols if c == p]
    where, params = [], {}
    if "period" in names:
        where.append("period = $p")
        params["p"] = period
    if "kode_kanwil" in names:
        where.append("kode_kanwil = $k")
        params["k"] = kode_kanwil
    shown = preferred or [(c, t) for c, t in cols if c not in IGNORED_COLUMNS and not c.endswith("_load_id")]
    rank = ""
    if "jenis_satker" in names:
        ranks = " ".join(f"WHEN '{t}' THEN {i}" for i, t in enumerate(UNIT_TYPES))
        rank = f"CASE jenis_satker {ranks} ELSE {len(UNIT_TYPES)} END, jenis_satker, "
    order = rank + ("nama_satker, " if "nama_satker" in names else "") + ", ".join(
        str(i) for i in range(1, len(shown) + 1))
    sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c, _ in shown)} FROM "{name}"'
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = con.sql(sql + f" ORDER BY {order}", params=params).fetchall()
    if not rows:
        return None
    columns = [Column("no", "No", "no")]
    for c, t in shown:
        numeric = t.upper().startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL"))
        whole = t.upper() in ("INTEGER", "BIGINT", "SMALLINT", "HUGEINT")
        columns.append(Column(c, c.replace("_", " ").title(), "num" if numeric else "count" if whole else "text"))
    data = [{c: (v if isinstance(v, int | float | Decimal) or v is None else str(v))
             for (c, _), v in zip(shown, r, strict=True)} for r in rows]
    estimated = any("estimasi" in v.lower() for r in data for v in r.values() if isinstance(v, str))
    note = f"Sumber: tabel {name} pada basis data terbit."
    if estimated:
        title += " (memuat nilai estimasi)"
        note = ("Nilai berlabel estimasi dihitung kinerja dengan aturan yang direplikasi, bukan nilai resmi "
                "OM SPAN. " + note)
    return make_table(key, title, name.removeprefix("out_")[:31], columns, data, total_label=None, note=note)


def _blokir_sentence(t: Table) -> Paragraph:
    total = t.total
    assert total is not None
    return Paragraph(
        f"Dari pagu sebesar {rupiah(total['pagu'])} terdapat blokir anggaran sebesar {rupiah(total['blokir'])} "
        f"({words(total['blokir'])}), sehingga pagu efektif yang dapat digunakan sebesar "
        f"{rupiah(total['pagu_netto'])}. Terhadap pagu efektif, realisasi sebesar "
        f"{rupiah(total['realisasi_kumulatif'])} merupakan penyerapan {percent(total['persen_netto'])}, "
        f"sedangkan terhadap pagu (bruto) {percent(total['persen'])} ({t.label})."
    )


def _quarter(period: date) -> int:
    return (period.month - 1) // 3


def _shortfall(jenis: Table, target: Table, period: date) -> Paragraph | None:
    """The triwulan target against absorption of the usable pagu, per jenis belanja: the shortfall stated."""
    q = _quarter(period)
    name, month = QUARTERS[q]
    row = next((r for k, r in zip(target.keys, target.rows, strict=True) if k == str(month)), None)
    if row is None:
        return None
    parts = []
    for key, r in zip(jenis.keys, jenis.rows, strict=True):
        goal, got = row.get(f"jb{key}"), r["persen_netto"]
        if not isinstance(goal, Decimal) or not isinstance(got, Decimal):
            continue
        gap = got - goal
        verdict = (f"di bawah target, kurang {pct_number(-gap)} poin" if gap < 0
                   else f"memenuhi target, lebih {pct_number(gap)} poin")
        parts.append(f"{str(r['jenis']).lower()} {percent(got)} terhadap target {percent(goal)} ({verdict})")
    if not parts:
        return None
    reached = "pada akhir" if period.month == month else "menuju akhir"
    joined = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + f"; dan {parts[-1]}"
    return Paragraph(
        f"Dibandingkan dengan target penyerapan kumulatif {name} (estimasi, {target.label}), penyerapan "
        f"terhadap pagu efektif s.d. {as_of(period)} ({reached} triwulan, {jenis.label}): {joined}."
    )


def _revisions(t: Table) -> Paragraph:
    first, last = t.rows[0], t.rows[-1]
    changes = len(t.rows) - 1
    if not changes:
        return Paragraph(f"Sampai dengan periode laporan belum terdapat perubahan pagu maupun blokir DIPA; pagu "
                         f"tetap sebesar {rupiah(first['pagu'])} ({t.label}).")
    return Paragraph(
        f"Sepanjang tahun berjalan DIPA mengalami {count_words(changes)} kali perubahan pagu atau blokir: pagu awal "
        f"sebesar {rupiah(first['pagu'])} pada {first['bulan']} menjadi {rupiah(last['pagu'])} pada {last['bulan']}, "
        f"dengan blokir sebesar {rupiah(last['blokir'])} ({t.label})."
    )


def _indicator_sentence(iku: Table, key: str, row) -> str:
    target = row["target"]
    real = row["realisasi"]
    text = f"Indikator {row['indikator']} dengan target {pct_number(target)} {row['satuan']}"
    if real == "n/a":
        text += " belum dapat dinilai karena realisasinya belum tersedia (n/a)"
    else:
        text += (f" terealisasi {pct_number(real)} dengan capaian {percent(row['capaian'])} "
                 f"({str(row['status']).lower()})")
    prev = next((c for c in iku.columns if c.key == "sebelumnya"), None)
    if prev is not None and isinstance(row.get("sebelumnya"), Decimal):
        text += f"; pada periode sebelumnya ({prev.header.removeprefix('Realisasi ')}) {pct_number(row['sebelumnya'])}"
    last = next((c for c in iku.columns if c.key == "tahun_lalu"), None)
    if last is not None and isinstance(row.get("tahun_lalu"), Decimal):
        text += f"; pada periode yang sama tahun lalu ({last.header.removeprefix('Realisasi ')}) " \
                f"{pct_number(row['tahun_lalu'])}"
    return text + f" ({iku.label})."


def assemble(tables: Sequence[Table], con: duckdb.DuckDBPyConnection, table_set: frozenset[str], period: date,
             kind: str, nama_kanwil: str, kode_kanwil: str, notes: narasi_mod.Narasi, rules) -> tuple[Chapter, list[Table], list[Chart]]:
    """Number the tables and charts in reading order and lay out the chapter's blocks."""
    title = kind_title(kind, period)
    t = by_key(tables)
    iku = t.get("iku")
    # 1. reading order of the tables and charts (fixes their numbers)
    order: list[str] = []
    chart_order: list[str] = []
    indicator_rows = list(zip(iku.keys, iku.rows, strict=True)) if iku is not None else []
    if iku is not None:
        order.append("iku")
    for key, _row in indicator_rows:
        sumber = key.split(":")[0]
        order += [k for k in DETAIL.get(sumber, ()) if k in t and k not in order]
        chart_order += [c for c in DETAIL_CHARTS.get(sumber, ()) if c not in chart_order]
    order += ["ringkasan", "region_jenis", "blokir", "target", "trajektori", "revisi", "kanwil_jenis",
              "pagu_upt_jenis", "realisasi_upt"]
    chart_order += ["pagu_jenis", "trajektori", "penyerapan_upt"]
    extra = [(n, f"ikpa_{n}") for n in IKPA if n in table_set]
    efisiensi = [(n, f"efisiensi_{n}") for n in sorted(table_set)
                 if n.startswith(("out_pk_anggaran", "out_efisiensi"))]
    for name, key in extra + efisiensi:
        what = "IKPA" if key.startswith("ikpa") else "PK anggaran per kegiatan"
        label = {"out_ikpa_region": "Nilai IKPA wilayah", "out_ikpa_satker": "Nilai IKPA per satker"}.get(
            name, f"{what}: {name.removeprefix('out_')}")
        built = _generic(con, name, period, kode_kanwil, key, f"{label} s.d. {as_of(period)}", IKPA.get(name, ()))
        if built is not None:
            t[key] = built
            order.append(key)
    numbered: dict[str, Table] = {}
    for k in order:
        if k in t and k not in numbered:
            numbered[k] = replace(t[k], number=len(numbered) + 1)
    for k, table in t.items():  # anything registered but not placed goes last in B
        if k not in numbered:
            numbered[k] = replace(table, number=len(numbered) + 1)
    specs = {c.key: c for c in CHARTS}
    charts = {c.key: c for c in build_charts(list(numbered.values()), period,
                                             [specs[k] for k in chart_order if k in specs])}
    t = numbered
    iku = t.get("iku")
    missing: list[str] = []
    blocks: list[Block] = [
        Heading("BAB III AKUNTABILITAS KINERJA", 1),
        Paragraph(f"Laporan Kinerja {title} {nama_kanwil}, keadaan s.d. {as_of(period)}.", style="subtitle"),
    ]
    placed: set[str] = set()

    def table(key: str) -> list[Block]:
        if key in t and key not in placed:
            placed.add(key)
            return [t[key]]
        return []

    def chart(key: str) -> list[Block]:
        return [charts[key]] if key in charts else []

    # A. Capaian Kinerja Organisasi
    blocks.append(Heading(SECTIONS[0], 2))
    if iku is not None and iku.rows:
        sasaran = list(dict.fromkeys(str(r["sasaran"]) for r in iku.rows))
        blocks.append(Paragraph(
            f"Perjanjian Kinerja Tahun {period.year} memuat {count_words(len(iku.rows))} indikator kinerja dari "
            f"{count_words(len(sasaran))} sasaran kegiatan. {attainment_sentence(iku)}"))
        blocks += table("iku")
        for s_no, name in enumerate(sasaran, start=1):
            blocks.append(Heading(f"{s_no}. Sasaran Kegiatan {s_no}: {name}", 3))
            rows = [(k, r) for k, r in zip(iku.keys, iku.rows, strict=True) if str(r["sasaran"]) == name]
            for i_no, (key, row) in enumerate(rows, start=1):
                sumber, kode = key.split(":", 1)
                blocks.append(Heading(f"{s_no}.{i_no}. {row['indikator']}", 4))
                blocks.append(Paragraph(_indicator_sentence(iku, key, row)))
                target_row = indicator_row(iku, sumber) if sumber else None
                detail = {"rb": lambda: rb_sentence(t["rb_satker"], target_row),
                          "survei": lambda: ikm_sentence(t["ikm"], target_row, rules, notes.labels.get("survei")),
                          "iph": lambda: iph_sentence(t["iph"], target_row, notes.labels.get("iph"))}
                for tk in DETAIL.get(sumber, ()):
                    if tk in t and t[tk].total is not None:
                        blocks.append(Paragraph(detail[sumber]()))
                        blocks += table(tk)
                for ck in DETAIL_CHARTS.get(sumber, ()):
                    blocks += chart(ck)
                blocks += _analysis(notes, kode, f"analisis indikator {kode}", missing)
    else:
        blocks.append(Paragraph(f"{MISSING_DATA} Capaian indikator Perjanjian Kinerja belum dimuat untuk periode "
                                f"ini.", style="placeholder"))
    # B. Realisasi Anggaran
    blocks.append(Heading(SECTIONS[1], 2))
    budget = {p.key: p for p in budget_narrative(list(t.values()), nama_kanwil, period)}
    blocks.append(Heading("1. Jumlah dan Sebaran Anggaran", 3))
    for key in ("pagu_split",):
        if key in budget:
            blocks.append(budget[key].paragraph)
    blocks += table("ringkasan")
    if "composition" in budget:
        blocks.append(budget["composition"].paragraph)
    blocks += chart("pagu_jenis")
    blocks.append(Heading("2. Realisasi Anggaran", 3))
    if "realisasi" in budget:
        blocks.append(budget["realisasi"].paragraph)
    blocks += table("region_jenis")
    if "blokir" in t:
        blocks.append(_blokir_sentence(t["blokir"]))
        blocks += table("blokir")
    if "region_jenis" in t and "target" in t and (p := _shortfall(t["region_jenis"], t["target"], period)):
        blocks.append(p)
        blocks += table("target")
    if "trajektori" in t:
        blocks.append(Paragraph(f"Perkembangan penyerapan kumulatif per bulan disajikan pada {t['trajektori'].label} "
                                f"dan {charts['trajektori'].label if 'trajektori' in charts else ''}".rstrip(" dan")
                                + "."))
        blocks += table("trajektori") + table("target") + chart("trajektori")
    if "revisi" in t:
        blocks.append(_revisions(t["revisi"]))
        blocks += table("revisi")
    blocks.append(Heading("3. Realisasi Kantor Wilayah dan UPT", 3))
    if "kanwil" in budget:
        blocks.append(budget["kanwil"].paragraph)
    blocks += table("kanwil_jenis")
    if "pagu_upt_jenis" in t:
        blocks.append(Paragraph(f"Sebaran pagu per jenis belanja pada setiap UPT disajikan pada "
                                f"{t['pagu_upt_jenis'].label}."))
        blocks += table("pagu_upt_jenis")
    if "upt" in budget:
        blocks.append(budget["upt"].paragraph)
    blocks += table("realisasi_upt") + chart("penyerapan_upt")
    blocks.append(Heading("4. Analisis Realisasi Anggaran", 3))
    blocks += _analysis(notes, narasi_mod.BUDGET, "analisis realisasi anggaran", missing)
    # C. Capaian Kinerja Anggaran (IKPA)
    blocks.append(Heading(SECTIONS[2], 2))
    ikpa = [k for k in t if k.startswith("ikpa_")]
    if ikpa:
        for k in ikpa:
            blocks.append(Paragraph(f"Nilai Indikator Kinerja Pelaksanaan Anggaran (IKPA) disajikan pada {t[k].label}."))
            blocks += table(k)
    else:
        blocks.append(Paragraph(
            f"{MISSING_DATA} Nilai Indikator Kinerja Pelaksanaan Anggaran (IKPA) belum tersedia pada basis data "
            f"terbit untuk periode ini; bagian ini diisi setelah data IKPA dimuat.", style="placeholder"))
    # D. Efisiensi
    blocks.append(Heading(SECTIONS[3], 2))
    eff = [k for k in t if k.startswith("efisiensi_")]
    if eff:
        for k in eff:
            blocks.append(Paragraph(f"Perbandingan capaian kinerja dengan anggaran per kegiatan disajikan pada "
                                    f"{t[k].label}."))
            blocks += table(k)
    else:
        blocks.append(Paragraph(
            f"{MISSING_DATA} Analisis efisiensi memerlukan Perjanjian Kinerja anggaran per kegiatan, yang belum "
            f"dimuat untuk periode ini.", style="placeholder"))
    # E. Kesimpulan
    blocks.append(Heading(SECTIONS[4], 2))
    summary = []
    if iku is not None and iku.rows:
        summary.append(attainment_sentence(iku))
    if "ringkasan" in t and t["ringkasan"].total is not None:
        total = t["ringkasan"].total
        summary.append(f"Realisasi anggaran s.d. {as_of(period)} sebesar {rupiah(total['realisasi_kumulatif'])} "
                       f"atau {percent(total['persen'])} dari pagu ({t['ringkasan'].label}).")
    if summary:
        blocks.append(Paragraph(" ".join(summary)))
    blocks += _analysis(notes, narasi_mod.CONCLUSION, "kesimpulan", missing)
    for k in t:  # every built table is placed somewhere
        if k not in placed:
            blocks += table(k)
    return Chapter(f"Laporan Kinerja {title}", blocks, missing), list(t.values()), list(charts.values())
