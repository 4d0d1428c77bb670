"""Gate and derive one period: a pure function of (extracts, warehouse state, rules).

Gate 1 checks each extract alone; derivation computes the month's budget and indicator rows
from the extracts and the :class:`PeriodState`; gate 2 reconciles them across tables. No
database, no files, no Prefect: what goes in is all there is.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polars as pl

from kinerja import expectations
from kinerja.issues import Issue
from kinerja.periods import Period
from kinerja.pipeline.inputs import REFERENCE_KINDS
from kinerja.pipeline.state import DELIVERED, PeriodState
from kinerja.readers import Extract
from kinerja.rules import Rules, load_rules, rules_for
from kinerja.transforms import budget, ikpa, indicators, units


@dataclass(frozen=True)
class Settings:
    """Run-time configuration of a refresh: overrides of the fiscal-year rules (None keeps
    the rule in force), for tests and trials another rules file, and ``revalidate``: a forced
    refresh runs the gates again instead of reusing the verdict recorded for the same inputs."""

    over_pagu_fail_ratio: Decimal | None = None
    capaian_cap: float | None = None
    rules_file: Path | None = None
    revalidate: bool = False

    def rules(self, fiscal_year: int) -> Rules:
        """The rules a period of ``fiscal_year`` is derived with."""
        book = load_rules(self.rules_file) if self.rules_file else None
        return rules_for(fiscal_year, book).with_overrides(
            over_pagu_fail_ratio=self.over_pagu_fail_ratio, capaian_cap=self.capaian_cap)


@dataclass
class Derived:
    """A period's gate outcome and, when it passed, every row it writes."""

    result: expectations.GateResult
    load_ids: dict[str, str] = field(default_factory=dict)
    new_loads: list[str] = field(default_factory=list)           # kinds whose file is loaded anew
    core: list[tuple[str, pl.DataFrame, str | None]] = field(default_factory=list)
    out: dict[str, pl.DataFrame] = field(default_factory=dict)


def load_id(kind: str, period: Period | None, sha256: str) -> str:
    """A loaded file's id: the same bytes of the same kind (and period) get the same id in
    every home, so reporting rows and their lineage compare equal across homes."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kinerja:{kind}:{period or 'reference'}:{sha256}"))


# Gate-1 results of this process, by everything a result depends on: the file's bytes and
# name, its kind and shape, the period, the active satker codes and the rules (the code is the
# same within a process). A range re-gates the same reference files (satker, pk, rpd) every
# period, and a corrected month re-gates the unchanged files beside it: the same inputs give
# the same result, so it is taken from here. Bounded: the oldest entries go first.
_GATE_CACHE: OrderedDict[tuple, expectations.GateResult] = OrderedDict()
_GATE_CACHE_SIZE = 256


def _gate_one(extract: Extract, period: Period, codes: frozenset[str], codes_key: str,
              rules: Rules) -> expectations.GateResult:
    key = (extract.kind, extract.shape, extract.sha256, extract.file, str(period), codes_key, rules.sha256)
    cached = _GATE_CACHE.get(key)
    if cached is None:
        cached = _GATE_CACHE[key] = expectations.gate_extract(extract, str(period), codes, rules)
        if len(_GATE_CACHE) > _GATE_CACHE_SIZE:
            _GATE_CACHE.popitem(last=False)
    else:
        _GATE_CACHE.move_to_end(key)
    return cached


def gate_extracts(period: Period, extracts: dict[str, Extract], rules: Rules) -> expectations.GateResult:
    """Gate 1: every extract on its own against the period and the units of the satker master
    active in the period (``aktif_dari`` / ``aktif_sampai``)."""
    codes = frozenset(units.active_units(extracts["satker"].data, period)["kode_satker"].to_list())
    codes_key = hashlib.sha256("\n".join(sorted(codes)).encode()).hexdigest()
    return expectations.GateResult.combine(
        [_gate_one(e, period, codes, codes_key, rules) for e in extracts.values()])


def _missing_state(period: Period, extracts: dict[str, Extract], state: PeriodState) -> list[Issue]:
    folder = f"{period}/"
    issues = []
    if state.previous_cumulative is None:
        issues.append(Issue(folder, "previous.missing",
                            f"{period.previous()} belum dimuat di home ini, padahal realisasi kumulatif "
                            f"melanjutkannya. Proses mulai Januari: kinerja run --from {period.year}-01 --to {period}"))
    if "pagu" not in extracts and state.pagu_in_force is None:
        issues.append(Issue(folder, "pagu.missing", f"belum ada DIPA (pagu) tahun {period.year} yang dikirim sampai {period}"))
    return issues


def _current(period: Period, extracts: dict[str, Extract], kind: str) -> pl.DataFrame | None:
    extract = extracts.get(kind)
    if extract is None:
        return None
    data = extract.data.drop("source_row", "file_period", strict=False)
    return indicators.with_checkpoint(data, str(period)) if kind == "rb" else data


def _gate_indicators(period: Period, extracts: dict[str, Extract], state: PeriodState) -> expectations.GateResult:
    """Cross-file rules: an RB target never falls from the previous checkpoint of the year;
    every typed iku code exists in pk."""
    earlier = state.deliveries["rb"]
    rb_previous = earlier.filter(pl.col("period") == pl.col("period").max()) if earlier.height else None
    pk, iku, rb = extracts.get("pk"), extracts.get("iku"), extracts.get("rb")
    return expectations.gate_indicators(
        str(period), pk=pk.data if pk else None, iku=iku.data if iku else None,
        rb=indicators.with_checkpoint(rb.data, str(period)) if rb else None, rb_previous=rb_previous,
        files={kind: e.file for kind, e in extracts.items()})


def derive(period: Period, extracts: dict[str, Extract], state: PeriodState, rules: Rules,
           gate: bool = True) -> Derived:
    """Derive the period from its gated extracts and the warehouse state; gate 2 on the result.

    ``gate=False`` leaves gate 2 out: the caller holds the verdict of these very inputs
    (:func:`kinerja.pipeline.state.load_verdict`).
    """
    missing = _missing_state(period, extracts, state)
    if missing:
        return Derived(expectations.GateResult.from_issues(str(period), missing))
    realisasi = extracts["realisasi"]
    derived = budget.derive_realisasi(realisasi.data, realisasi.shape, state.previous_cumulative)
    pagu_frame = extracts["pagu"].data if "pagu" in extracts else state.pagu_in_force[0]
    if gate:
        result = expectations.GateResult.combine([
            expectations.gate_budget(str(period), derived, pagu_frame, realisasi.file, rules),
            _gate_indicators(period, extracts, state), *_gate_rpd(period, extracts, state, pagu_frame)])
    else:
        result = expectations.GateResult.from_issues(str(period), [])
    if not result.success:
        return Derived(result)

    out = Derived(result)
    for kind, extract in extracts.items():
        reference = kind in REFERENCE_KINDS
        known = state.known_loads.get((kind, extract.sha256))
        out.load_ids[kind] = known or load_id(kind, None if reference else period, extract.sha256)
        if known is None:
            out.new_loads.append(kind)
    ids = out.load_ids
    satker = extracts["satker"].data.drop("source_row", "file_period", strict=False).with_columns(
        pl.lit(ids["satker"]).alias("load_id"))
    out.core.append(("core_satker", satker, None))
    if "pagu" in extracts:
        pagu_load = ids["pagu"]
        out.core.append(("core_pagu", pagu_frame.select("kode_satker", "kode_akun", "pagu", "blokir").with_columns(
            pl.lit(pagu_load).alias("load_id")), "effective_period"))
    else:
        pagu_load = state.pagu_in_force[1]
    out.core.append(("core_realisasi", derived.select(
        "kode_satker", "kode_akun", "realisasi_bulan", "realisasi_kumulatif", "has_negative_correction",
    ).with_columns(pl.lit(ids["realisasi"]).alias("load_id")), "period"))
    for kind in (*DELIVERED, "pk"):
        data = _current(period, extracts, kind)
        if data is not None:
            out.core.append((DELIVERED.get(kind, "core_pk"), data.with_columns(pl.lit(ids[kind]).alias("load_id")),
                             "period"))
    lineage = [pl.lit(pagu_load).alias("pagu_load_id"), pl.lit(ids["realisasi"]).alias("realisasi_load_id"),
               pl.lit(ids["satker"]).alias("satker_load_id")]
    lines = budget.akun_facts(pagu_frame, derived)
    tables = budget.budget_tables(lines, satker)
    out.out = {name: frame.with_columns(lineage) for name, frame in tables.items()}
    out.out.update(_indicator_tables(period, extracts, state, satker, ids, rules))
    for kind, table in (("rpd", "core_rpd"), ("ikpa", "core_ikpa")):
        if kind in extracts:
            out.core.append((table, _ikpa_core(kind, extracts[kind]).with_columns(pl.lit(ids[kind]).alias("load_id")),
                             "period"))
    out.out.update(ikpa.ikpa_tables(
        period.month, lines, satker, rules,
        rpd=_ikpa_core("rpd", extracts["rpd"]) if "rpd" in extracts else None,
        official=_ikpa_core("ikpa", extracts["ikpa"]) if "ikpa" in extracts else None,
        history=state.ikpa_history,
        pagu_awal=state.pagu_awal if state.pagu_awal is not None else pagu_frame))
    return out


def _ikpa_core(kind: str, extract: Extract) -> pl.DataFrame:
    """The rows of an rpd (the plan: satker x jenis belanja x month) or ikpa extract that core keeps."""
    if kind == "rpd":
        return extract.data.group_by("kode_satker", "kode_jenis_belanja", "bulan").agg(
            pl.col("rencana").cast(pl.Decimal(38, 2)).sum()).sort("kode_satker", "kode_jenis_belanja", "bulan")
    return extract.data.select("kode_satker", "komponen", "nilai", "bobot", "kategori")


def _gate_rpd(period: Period, extracts: dict[str, Extract], state: PeriodState,
              pagu: pl.DataFrame) -> list[expectations.GateResult]:
    """rpd.pagu for a plan delivered anew (a file not loaded before): against the DIPA in force."""
    rpd = extracts.get("rpd")
    if rpd is None or (("rpd", rpd.sha256) in state.known_loads):
        return []
    return [expectations.gate_rpd_pagu(str(period), rpd.data, pagu, rpd.file)]


def _in_force(period: Period, extracts: dict[str, Extract], state: PeriodState, kind: str,
              ids: dict[str, str]) -> pl.DataFrame | None:
    """This period's delivery of ``kind``, else the earlier delivery of the year that still applies."""
    data = _current(period, extracts, kind)
    if data is not None:
        return data.with_columns(pl.lit(ids[kind]).alias("load_id"))
    if kind == "iku":
        return None                      # typed realisations count only for their own period
    earlier = state.deliveries[kind]
    if not earlier.height:
        return None
    delivered = sorted({str(p)[:7] for p in earlier["period"].to_list()})
    if kind == "survei":
        chosen = indicators.survey_in_force(delivered, str(period))
    else:
        chosen = indicators.latest_on_or_before(delivered, str(period))
    if chosen is None:
        return None
    return earlier.filter(pl.col("period").dt.strftime("%Y-%m") == chosen).drop("period")


def _indicator_tables(period: Period, extracts: dict[str, Extract], state: PeriodState, satker: pl.DataFrame,
                      ids: dict[str, str], rules: Rules) -> dict[str, pl.DataFrame]:
    """Every indicator reporting table of the period (absent inputs give no rows)."""
    out: dict[str, pl.DataFrame] = {}
    # RB: every checkpoint delivered this year up to the period
    checkpoints = [state.deliveries["rb"].drop("period")]
    if "rb" in extracts:
        checkpoints.append(_in_force(period, extracts, state, "rb", ids))
    checkpoints = [c for c in checkpoints if c.height]
    if checkpoints:
        out.update(indicators.rb_tables(pl.concat(checkpoints, how="diagonal_relaxed"), satker))
    survey = _in_force(period, extracts, state, "survei", ids)
    if survey is not None:
        out.update(indicators.survey_tables(survey, satker, rules))
    iph = _in_force(period, extracts, state, "iph", ids)
    if iph is not None:
        out.update(indicators.iph_tables(iph, satker))
    pk = _current(period, extracts, "pk")
    if pk is not None:
        pk = pk.with_columns(pl.lit(ids["pk"]).alias("load_id"))
        realized = indicators.realizations(
            pk, _in_force(period, extracts, state, "iku", ids), rb_region=out.get("out_rb_region"),
            survey_region=out.get("out_survey_region"), iph_region=out.get("out_iph_region"))
        out["out_iku"] = indicators.attainment(pk, realized, str(period), rules)
        out["out_iku_summary"] = indicators.attainment_summary(out["out_iku"])
    return out
