"""The rules that change by fiscal year, read from a data file (``kinerja/rules.toml``).

    rules = rules_for(2025)                 # the packaged file
    rules.survei_mutu, rules.over_pagu_fail_ratio, rules.sha256
    rules_for(2026, load_rules(path))       # another file (tests, a site's own rules)

Every rule in the file is a list of rows, each with ``berlaku_mulai`` (the first fiscal year
it applies) and ``sumber`` (the source, with DOMAIN.md's confidence tag [C]/[T]/[U]). For a
fiscal year, each rule takes its row with the greatest ``berlaku_mulai <= year``; a row is
complete by itself (nothing is inherited from earlier rows). A year before a rule's first
row is a ValueError. Each value is defined once, in the file: code has no defaults of its own.

The whole file is validated when it is loaded (every row of every rule, not just the rows in
force), and every problem is reported at once, each naming its rule and row.

Numbers are read exactly (``Decimal``); percentages are on the 0..100 scale.
``Rules.sha256`` hashes the values in force (not the citations, not the fiscal year, not
how a number is written: ``1.10`` and ``1.1`` hash alike), so lineage changes exactly when a
value that feeds a figure changes. Configuration given on a run (``--over-pagu-fail-ratio``,
``--capaian-cap``) replaces the rule's value through :meth:`Rules.with_overrides`, which
changes the hash with it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "Kategori", "MutuBand", "RuleBook", "RuleSource", "Rules", "RulesError", "load_rules", "rules_for",
]

RULES_FILE = "rules.toml"
_TAG = re.compile(r"\[[CTU]\]")
_JENIS = re.compile(r"^5\d$")


class RulesError(ValueError):
    """A rules file that cannot be used; the message lists every problem, each naming its rule."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        super().__init__(f"{source}: invalid rules\n" + "\n".join(f"  - {p}" for p in self.problems))


@dataclass(frozen=True)
class MutuBand:
    """One grade of the satisfaction index (PermenPAN-RB 14/2017 interval table)."""

    mutu: str              # A..D
    kinerja_unit: str      # Sangat Baik .. Tidak Baik
    ikm_min: Decimal       # lowest index of the grade (inclusive), on the survey scale
    ikm_max: Decimal       # upper bound as printed
    konversi_min: Decimal  # bounds on the converted (25-100) scale, as printed
    konversi_max: Decimal


@dataclass(frozen=True)
class Kategori:
    """One IKPA category: the first (highest) whose ``nilai_min <= score``."""

    nama: str
    nilai_min: Decimal


@dataclass(frozen=True)
class RuleSource:
    """Which row of a rule is in force, and where its values come from."""

    rule: str
    berlaku_mulai: int
    sumber: str


@dataclass(frozen=True)
class Rules:
    """Every fiscal-year rule in force for ``fiscal_year``. Build with :func:`rules_for`."""

    fiscal_year: int
    # target_penyerapan: jenis belanja (akun[:2]) -> cumulative % of pagu at the end of TW I..IV
    target_penyerapan: Mapping[str, tuple[Decimal, Decimal, Decimal, Decimal]]
    # ikpa_bobot: component -> weight (sum 100); ikpa_pengurang: components that deduct instead
    ikpa_bobot: Mapping[str, Decimal]
    ikpa_pengurang: tuple[str, ...]
    ikpa_kategori: tuple[Kategori, ...]          # highest first
    deviasi_batas_pct: Decimal                   # deviasi Halaman III up to this % scores 100
    over_pagu_fail_ratio: Decimal                # realisasi above pagu x this fails the gate
    capaian_cap: Decimal | None                  # upper bound on capaian_pct; None = no cap
    capaian_floor: Decimal | None                # lower bound on capaian_pct; None = no floor
    survei_skala: tuple[int, int]                # lowest and highest score of an element
    survei_konversi: Decimal                     # index x this = the converted unit value
    survei_mutu: tuple[MutuBand, ...]            # highest grade first
    iph_skala: tuple[Decimal, Decimal]           # range of the IPH dimension values
    sources: Mapping[str, RuleSource] = dataclasses.field(repr=False)  # rule -> the row in force

    def __hash__(self) -> int:
        return hash((self.fiscal_year, self.sha256))

    @property
    def sha256(self) -> str:
        """A stable hash of the values in force (for lineage): see the module docstring."""
        values = {f.name: _canonical(getattr(self, f.name)) for f in dataclasses.fields(self)
                  if f.name not in ("fiscal_year", "sources")}
        text = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def with_overrides(self, *, over_pagu_fail_ratio: Decimal | str | None = None,
                       capaian_cap: Decimal | float | str | None = None,
                       capaian_floor: Decimal | float | str | None = None) -> Rules:
        """These rules with run-time configuration in place of the file's values.

        An argument that is None keeps the rule's value (a CLI option not given). Numbers
        are taken exactly (a float through its shortest repr: ``120.0`` -> ``120.0``).
        """
        changes: dict[str, Decimal] = {}
        for name, value in (("over_pagu_fail_ratio", over_pagu_fail_ratio), ("capaian_cap", capaian_cap),
                            ("capaian_floor", capaian_floor)):
            if value is not None:
                try:
                    changes[name] = Decimal(repr(value) if isinstance(value, float) else str(value))
                except InvalidOperation:
                    raise ValueError(f"{name}: not a number: {value!r}") from None
        if "over_pagu_fail_ratio" in changes and changes["over_pagu_fail_ratio"] < 1:
            raise ValueError(f"over_pagu_fail_ratio must be at least 1, got {changes['over_pagu_fail_ratio']}")
        return dataclasses.replace(self, **changes) if changes else self


def _canonical(value: Any) -> Any:
    """JSON-able form of a rule value: numbers as normalised decimal strings."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)):
        return format(Decimal(value).normalize(), "f")
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"not a rule value: {value!r}")


# --- parsing ------------------------------------------------------------------------------

class _Bad(Exception):
    """One problem in one row (collected, then raised together as RulesError)."""


class _Row:
    """Typed access to one row's values; remembers which keys were read."""

    def __init__(self, values: Mapping[str, Any]):
        self.values = dict(values)
        self.used: set[str] = set()

    def get(self, key: str, required: bool = True) -> Any:
        self.used.add(key)
        if key not in self.values:
            if required:
                raise _Bad(f"missing {key!r}")
            return None
        return self.values[key]

    def number(self, key: str, required: bool = True, where: str | None = None) -> Decimal | None:
        return _number(self.get(key, required), where or key)

    def unused(self) -> list[str]:
        return sorted(set(self.values) - self.used)


def _number(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _Bad(f"{where} must be a number, got {value!r}")
    return Decimal(value)


def _percent(value: Any, where: str) -> Decimal:
    number = _number(value, where)
    if number is None or not 0 <= number <= 100:
        raise _Bad(f"{where} must be a percentage 0..100, got {value!r}")
    return number


def _pair(value: Any, where: str) -> tuple[Decimal, Decimal]:
    if not isinstance(value, list) or len(value) != 2:
        raise _Bad(f"{where} must be [lowest, highest], got {value!r}")
    low, high = (_number(v, where) for v in value)
    if not low < high:
        raise _Bad(f"{where}: lowest {low} must be below highest {high}")
    return low, high


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not value:
        raise _Bad(f"{where} must be a non-empty table, got {value!r}")
    return value


def _records(value: Any, where: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise _Bad(f"{where} must be a non-empty list of tables, got {value!r}")
    for i, record in enumerate(value, start=1):
        if set(record) != set(keys):
            raise _Bad(f"{where} #{i} must have exactly the keys {', '.join(keys)}; it has {', '.join(record)}")
    return value


def _descending(values: list[Decimal], where: str) -> None:
    if any(a <= b for a, b in zip(values, values[1:])):
        raise _Bad(f"{where} must be listed highest first, strictly decreasing: {[str(v) for v in values]}")


def _target_penyerapan(row: _Row) -> dict[str, Any]:
    targets: dict[str, tuple[Decimal, ...]] = {}
    for kode, values in _table(row.get("persen"), "persen").items():
        where = f"persen.{kode}"
        if not _JENIS.match(kode):
            raise _Bad(f"{where}: a jenis belanja is the first two digits of kode_akun (51, 52, ...)")
        if not isinstance(values, list) or len(values) != 4:
            raise _Bad(f"{where} must list the cumulative % at the end of TW I, II, III, IV; got {values!r}")
        numbers = tuple(_percent(v, where) for v in values)
        if any(a > b for a, b in zip(numbers, numbers[1:])):
            raise _Bad(f"{where}: cumulative targets cannot fall from one quarter to the next: {values!r}")
        targets[kode] = numbers
    return {"target_penyerapan": MappingProxyType(dict(sorted(targets.items())))}


def _ikpa_bobot(row: _Row) -> dict[str, Any]:
    weights = {name: _percent(v, f"bobot.{name}") for name, v in _table(row.get("bobot"), "bobot").items()}
    if sum(weights.values()) != 100:
        raise _Bad(f"bobot must sum to 100, got {sum(weights.values())}")
    deduct = row.get("pengurang", required=False) or []
    if not isinstance(deduct, list) or not all(isinstance(d, str) for d in deduct):
        raise _Bad(f"pengurang must be a list of component names, got {deduct!r}")
    if overlap := sorted(set(deduct) & set(weights)):
        raise _Bad(f"a component is either weighted or a deduction, not both: {', '.join(overlap)}")
    return {"ikpa_bobot": MappingProxyType(weights), "ikpa_pengurang": tuple(deduct)}


def _ikpa_kategori(row: _Row) -> dict[str, Any]:
    records = _records(row.get("kategori"), "kategori", ("nama", "nilai_min"))
    bands = tuple(Kategori(str(r["nama"]), _percent(r["nilai_min"], f"kategori {r['nama']}")) for r in records)
    _descending([b.nilai_min for b in bands], "kategori nilai_min")
    if bands[-1].nilai_min != 0:
        raise _Bad(f"the last kategori ({bands[-1].nama}) must start at 0 so that every score has one")
    return {"ikpa_kategori": bands}


def _deviasi(row: _Row) -> dict[str, Any]:
    return {"deviasi_batas_pct": _percent(row.get("batas_pct"), "batas_pct")}


def _over_pagu(row: _Row) -> dict[str, Any]:
    ratio = row.number("rasio_gagal")
    if ratio < 1:
        raise _Bad(f"rasio_gagal must be at least 1 (above pagu x rasio fails the gate), got {ratio}")
    return {"over_pagu_fail_ratio": ratio}


def _capaian(row: _Row) -> dict[str, Any]:
    cap, floor = row.number("batas_atas", required=False), row.number("batas_bawah", required=False)
    if cap is not None and cap <= 0:
        raise _Bad(f"batas_atas must be above 0, got {cap}")
    if cap is not None and floor is not None and floor >= cap:
        raise _Bad(f"batas_bawah {floor} must be below batas_atas {cap}")
    return {"capaian_cap": cap, "capaian_floor": floor}


def _survei(row: _Row) -> dict[str, Any]:
    low, high = _pair(row.get("skala"), "skala")
    if low != int(low) or high != int(high):
        raise _Bad(f"skala: scores are whole numbers, got [{low}, {high}]")
    konversi = row.number("konversi")
    if konversi <= 0:
        raise _Bad(f"konversi must be above 0, got {konversi}")
    keys = ("mutu", "kinerja_unit", "ikm_min", "ikm_max", "konversi_min", "konversi_max")
    bands = tuple(
        MutuBand(str(r["mutu"]), str(r["kinerja_unit"]),
                 *(_number(r[k], f"mutu {r['mutu']} {k}") for k in keys[2:]))
        for r in _records(row.get("mutu"), "mutu", keys))
    _descending([b.ikm_min for b in bands], "mutu ikm_min")
    if bands[-1].ikm_min > low or bands[0].ikm_min > high:
        raise _Bad(f"mutu: the lowest grade must start at or below {low} and every grade within the scale")
    return {"survei_skala": (int(low), int(high)), "survei_konversi": konversi, "survei_mutu": bands}


def _iph(row: _Row) -> dict[str, Any]:
    return {"iph_skala": _pair(row.get("skala"), "skala")}


# rule name in the file -> parser of one row's values into Rules fields
_PARSERS: Mapping[str, Callable[[_Row], dict[str, Any]]] = MappingProxyType({
    "target_penyerapan": _target_penyerapan,
    "ikpa_bobot": _ikpa_bobot,
    "ikpa_kategori": _ikpa_kategori,
    "deviasi_halaman_iii": _deviasi,
    "over_pagu": _over_pagu,
    "capaian": _capaian,
    "survei": _survei,
    "iph": _iph,
})


@dataclass(frozen=True)
class _Parsed:
    source: RuleSource
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class RuleBook:
    """Every row of every rule of one file, validated; :meth:`for_year` picks the rows in force."""

    source: str
    rules: Mapping[str, tuple[_Parsed, ...]]   # rule -> rows, oldest first

    def for_year(self, fiscal_year: int) -> Rules:
        if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
            raise TypeError(f"fiscal_year must be an int year, got {fiscal_year!r}")
        fields: dict[str, Any] = {}
        sources: dict[str, RuleSource] = {}
        missing = []
        for rule, rows in self.rules.items():
            in_force = [r for r in rows if r.source.berlaku_mulai <= fiscal_year]
            if not in_force:
                missing.append(f"{rule} from {rows[0].source.berlaku_mulai}")
                continue
            fields.update(in_force[-1].fields)
            sources[rule] = in_force[-1].source
        if missing:
            raise ValueError(f"no rules for fiscal year {fiscal_year} in {self.source}: "
                             f"its first rows apply later ({', '.join(missing)})")
        return Rules(fiscal_year=fiscal_year, sources=MappingProxyType(sources), **fields)


def _parse_rows(rule: str, rows: Any, problems: list[str]) -> tuple[_Parsed, ...]:
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        problems.append(f"rule {rule!r}: expected one or more [[{rule}]] rows")
        return ()
    parsed: list[_Parsed] = []
    seen: dict[int, int] = {}
    for i, values in enumerate(rows, start=1):
        year = values.get("berlaku_mulai")
        where = f"rule {rule!r}, row {i}" + (f" (berlaku_mulai {year})" if isinstance(year, int) else "")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            problems.append(f"{where}: berlaku_mulai must be the first fiscal year, e.g. 2025; got {year!r}")
            continue
        if year in seen:
            problems.append(f"rule {rule!r}: two rows (rows {seen[year]} and {i}) have berlaku_mulai {year}; "
                            f"keep one")
            continue
        seen[year] = i
        sumber = values.get("sumber")
        if not isinstance(sumber, str) or not sumber.strip():
            problems.append(f"{where}: missing sumber (the source citation with its tag [C], [T] or [U])")
            continue
        if not _TAG.search(sumber):
            problems.append(f"{where}: sumber has no confidence tag [C], [T] or [U]: {sumber!r}")
            continue
        row = _Row({k: v for k, v in values.items() if k not in ("berlaku_mulai", "sumber")})
        try:
            fields = _PARSERS[rule](row)
        except _Bad as bad:
            problems.append(f"{where}: {bad}")
            continue
        if extra := row.unused():
            problems.append(f"{where}: unknown key(s) {', '.join(extra)}")
            continue
        parsed.append(_Parsed(RuleSource(rule, year, " ".join(sumber.split())), MappingProxyType(fields)))
    return tuple(sorted(parsed, key=lambda p: p.source.berlaku_mulai))


def load_rules(path: Path | str | None = None) -> RuleBook:
    """Read and validate a rules file (default: the packaged ``kinerja/rules.toml``).

    Raises RulesError listing every problem (unknown or missing rule, a row without
    berlaku_mulai or sumber, two rows of one rule with the same berlaku_mulai, a bad value).
    """
    if path is None:
        return _packaged()
    path = Path(path)
    with path.open("rb") as fh:
        return _book(fh.read(), str(path))


def _book(data: bytes, source: str) -> RuleBook:
    try:
        document = tomllib.loads(data.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise RulesError(source, [f"not a readable TOML file: {err}"]) from None
    problems = [f"rule {name!r}: unknown rule; known rules are {', '.join(_PARSERS)}"
                for name in document if name not in _PARSERS]
    problems += [f"rule {name!r}: missing (every rule needs at least one row)"
                 for name in _PARSERS if name not in document]
    rules = {name: _parse_rows(name, document[name], problems) for name in _PARSERS if name in document}
    if problems:
        raise RulesError(source, problems)
    return RuleBook(source, MappingProxyType(rules))


@cache
def _packaged() -> RuleBook:
    file = resources.files("kinerja") / RULES_FILE
    return _book(file.read_bytes(), f"kinerja/{RULES_FILE}")


def rules_for(fiscal_year: int, book: RuleBook | None = None) -> Rules:
    """The rules in force for ``fiscal_year`` (a calendar year: ``Period.year``), from ``book``
    (default: the packaged rules file)."""
    return (book or _packaged()).for_year(fiscal_year)
