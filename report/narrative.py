"""The section's sentences, in Indonesian, quoting figures of the built tables.

Every figure is read from a :class:`~report.tables.Table` (the same values the tables
print), never queried again; a paragraph (or sentence) whose table was skipped is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kinerja.formatting import (
    as_of,
    count_words,
    index_number,
    number,
    percent,
    rupiah,
    words,
)
from kinerja.report.indicators import STATUS, checkpoints
from kinerja.report.tables import Row, Table, by_key
from kinerja.rules import Rules


@dataclass(frozen=True)
class Paragraph:
    """A paragraph, optionally followed by a numbered list of ``items``.

    ``style``: ``body`` (a sentence kinerja writes from the tables), ``analysis`` (the office's
    text from narasi.md, verbatim), ``label`` (the title of a part of that text), ``placeholder``
    (marked missing analysis or data), ``subtitle`` (the chapter's period line).
    """

    text: str
    items: tuple[str, ...] = ()
    style: str = "body"


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 the chapter, 2 the sections A-E, 3 and 4 their subsections."""

    text: str
    level: int


@dataclass(frozen=True)
class Keyed:
    """A budget paragraph with the key the chapter places it by."""

    key: str
    paragraph: Paragraph


def _keyed(table: Table) -> dict[str, Row]:
    return dict(zip(table.keys, table.rows, strict=True))


def _jenis(row: Row) -> str:
    return str(row["jenis"]).lower()


def _pagu_split(t: Table, nama: str, year: int, n_upt: int | None) -> Paragraph:
    total, rows = t.total, _keyed(t)
    kanwil, upt = rows["KANWIL"], rows["UPT"]
    assert total is not None
    upt_name = f"{count_words(n_upt)} Unit Pelaksana Teknis" if n_upt is not None else "Unit Pelaksana Teknis"
    return Paragraph(
        f"Pagu anggaran tahun {year} {nama} adalah sebesar {rupiah(total['pagu'])} ({words(total['pagu'])}). "
        f"Pagu tersebut tersebar pada DIPA internal Kantor Wilayah sebesar {rupiah(kanwil['pagu'])} "
        f"({percent(kanwil['porsi'])} dari total) dan {upt_name} sebesar {rupiah(upt['pagu'])} "
        f"({percent(upt['porsi'])} dari total), sebagaimana {t.label}."
    )


def _realisasi(t: Table, jenis: Table | None, period: date) -> Paragraph:
    total = t.total
    assert total is not None
    text = (
        f"Realisasi anggaran s.d. {as_of(period)} sebesar {percent(total['persen'])} atau sejumlah "
        f"{rupiah(total['realisasi_kumulatif'])} ({words(total['realisasi_kumulatif'])}), sehingga sisa anggaran "
        f"sebesar {rupiah(total['sisa'])}."
    )
    if jenis is None:
        return Paragraph(text)
    items = [
        f"Realisasi {_jenis(r)} {percent(r['persen'])} ({rupiah(r['realisasi_kumulatif'])}) "
        f"dari pagu sebesar {rupiah(r['pagu'])}"
        for r in jenis.rows
    ]
    items = [f"{item};" for item in items[:-1]] + [f"{items[-1]}."] if items else []
    return Paragraph(text + " Rincian realisasi per jenis belanja sebagai berikut:", tuple(items))


def _composition(t: Table) -> Paragraph:
    ranked = sorted(t.rows, key=lambda r: r["pagu"], reverse=True)
    first, rest = ranked[0], ranked[1:]
    text = (
        f"Berdasarkan jenis belanja, anggaran terbesar adalah pada {_jenis(first)} sebesar {rupiah(first['pagu'])} "
        f"atau {percent(first['porsi'])} dari total pagu"
    )
    if rest:
        parts = [f"{_jenis(r)} sebesar {rupiah(r['pagu'])} atau {percent(r['porsi'])}" for r in rest]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" dan {parts[-1]}"
        text += f". Sedangkan {joined} dari total pagu"
    return Paragraph(f"{text} ({t.label}).")


def _kanwil(t: Table, period: date) -> Paragraph:
    total = t.total
    assert total is not None
    return Paragraph(
        f"Pagu internal Kantor Wilayah s.d. {as_of(period)} sebesar {rupiah(total['pagu'])} dengan realisasi "
        f"sebesar {rupiah(total['realisasi_kumulatif'])} atau {percent(total['persen'])} "
        f"({t.label})."
    )


def _upt(t: Table, nama: str, period: date) -> Paragraph:
    total = t.total
    assert total is not None
    text = (
        f"Total realisasi anggaran pada seluruh UPT di lingkungan {nama} s.d. {as_of(period)} sebesar "
        f"{rupiah(total['realisasi_kumulatif'])} atau {percent(total['persen'])} dari pagu sebesar "
        f"{rupiah(total['pagu'])} ({t.label})."
    )
    ranked = sorted((r for r in t.rows if r["persen"] is not None), key=lambda r: r["persen"])
    if len(ranked) >= 2:
        text += (
            f" Penyerapan tertinggi pada {ranked[-1]['unit']} ({percent(ranked[-1]['persen'])}) dan terendah "
            f"pada {ranked[0]['unit']} ({percent(ranked[0]['persen'])})."
        )
    return Paragraph(text)


def budget_narrative(tables: Sequence[Table], nama_kanwil: str, period: date) -> list[Keyed]:
    """The budget section's paragraphs for the tables that were built, keyed by their place."""
    t = by_key(tables)
    paragraphs: list[Keyed] = []
    n_upt = len(t["realisasi_upt"].rows) if "realisasi_upt" in t else None
    if "ringkasan" in t:
        paragraphs.append(Keyed("pagu_split", _pagu_split(t["ringkasan"], nama_kanwil, period.year, n_upt)))
        paragraphs.append(Keyed("realisasi", _realisasi(t["ringkasan"], t.get("region_jenis"), period)))
    if "region_jenis" in t and t["region_jenis"].rows:
        paragraphs.append(Keyed("composition", _composition(t["region_jenis"])))
    if "kanwil_jenis" in t:
        paragraphs.append(Keyed("kanwil", _kanwil(t["kanwil_jenis"], period)))
    if "realisasi_upt" in t and t["realisasi_upt"].rows:
        paragraphs.append(Keyed("upt", _upt(t["realisasi_upt"], nama_kanwil, period)))
    return paragraphs


def _against(target_of: Row | None, show: Callable[[Decimal], str]) -> str:
    """`` terhadap target 3,10 (tercapai)`` from the indicator's attainment row, when that table holds it."""
    if target_of is None or not isinstance(target := target_of["target"], Decimal):
        return ""
    return f" terhadap target {show(target)} ({str(target_of['status']).lower()})"


def attainment_sentence(t: Table) -> str:
    counts = {label: sum(1 for r in t.rows if r["status"] == label) for label in STATUS.values()}
    return (
        f"Dari {count_words(len(t.rows))} indikator kinerja ({t.label}), "
        f"{count_words(counts['Tercapai'])} indikator tercapai, {count_words(counts['Tidak Tercapai'])} "
        f"indikator tidak tercapai dan {count_words(counts['Tidak Dapat Dinilai'])} indikator tidak dapat dinilai "
        f"karena realisasinya belum tersedia (n/a), sehingga tidak dihitung sebagai tercapai maupun tidak tercapai."
    )


def rb_sentence(t: Table, target_of: Row | None) -> str:
    total, latest = t.total, checkpoints(t)[-1]
    assert total is not None
    return (
        f"Capaian rencana aksi Reformasi Birokrasi pada checkpoint {latest} sebesar "
        f"{percent(total[f'capaian_{latest}'])} ({number(total[f'terlaksana_{latest}'])} dari "
        f"{number(total[f'target_{latest}'])} rencana aksi terlaksana, {t.label}){_against(target_of, percent)}."
    )


def _labelled(label: str | None) -> str:
    """`` (SINTETIS)``: the office's label of a synthetic or estimated source, in the sentence itself."""
    return f" ({label.split('(')[0].strip()})" if label else ""


def ikm_sentence(t: Table, target_of: Row | None, rules: Rules, label: str | None = None) -> str:
    region = t.total
    assert region is not None
    low, high = rules.survei_skala
    name = target_of["indikator"] if target_of is not None else "Indeks Kepuasan Masyarakat"
    return (
        f"{name} (IKM) wilayah{_labelled(label)} sebesar {index_number(region['ikm'])} pada skala "
        f"{low}-{high} "
        f"(nilai konversi {index_number(region['ikm_konversi'])}) dengan mutu pelayanan {region['mutu']} "
        f"({region['kinerja_unit']}) dari {number(region['n_responden'])} responden "
        f"({t.label}){_against(target_of, index_number)}."
    )


def iph_sentence(t: Table, target_of: Row | None, label: str | None = None) -> str:
    region = t.total
    assert region is not None
    return (
        f"Indeks Penegakan Hukum Pemasyarakatan (IPH) wilayah{_labelled(label)} sebesar {index_number(region['iph'])} "
        f"({t.label}){_against(target_of, index_number)}."
    )
