"""Load ``layouts.toml``: column types, header aliases, shapes, total labels, title patterns.

The TOML file is the only place that knows how real exports name their columns; this module
turns it into small frozen objects and validates it once (a typo in the file fails loudly at
import, not while reading a month's extract).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LAYOUTS_PATH = Path(__file__).with_name("layouts.toml")
COLUMN_TYPES = frozenset({"code6", "text", "amount", "date", "month", "year", "enum",
                          "integer", "number", "checkpoint"})


def normalise_header(text: str) -> str:
    """Case- and punctuation-insensitive key of a header: ``Kode_Satker`` -> ``kodesatker``."""
    return re.sub(r"[^0-9a-z]", "", str(text).casefold())


def normalise_label(text: str) -> str:
    """Key of a total-row label: ``Jumlah Total:`` -> ``JUMLAH TOTAL``."""
    return " ".join(re.sub(r"[^0-9A-Z]+", " ", str(text).upper()).split())


@dataclass(frozen=True)
class Column:
    """One canonical column: its type and the header texts that name it."""

    name: str
    type: str
    aliases: tuple[str, ...]
    values: tuple[str, ...] = ()
    na_values: tuple[str, ...] = ()  # cells meaning "not available" (number columns): null

    @property
    def keys(self) -> frozenset[str]:
        """Normalised header texts that map to this column (its own name included)."""
        return frozenset(normalise_header(a) for a in (self.name, *self.aliases))


@dataclass(frozen=True)
class Shape:
    """One canonical frame a kind can produce (``summary``, ``transactions``, ...)."""

    name: str
    kind: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    detect_all: tuple[str, ...] = ()
    detect_any: tuple[str, ...] = ()
    defaults: tuple[tuple[str, str], ...] = ()
    dropped: tuple[str, ...] = ()
    title_values: tuple[tuple[str, re.Pattern[str]], ...] = ()

    def title_pattern(self, column: str) -> re.Pattern[str] | None:
        """Pattern finding ``column``'s value in a title row when the header lacks it."""
        return dict(self.title_values).get(column)

    def default(self, column: str) -> str | None:
        """Raw text used when the optional ``column`` is absent (None -> null)."""
        return dict(self.defaults).get(column)

    def matches(self, present: set[str]) -> bool:
        """Whether a header mapping to ``present`` selects this shape."""
        if self.detect_all and not set(self.detect_all) <= present:
            return False
        if self.detect_any and not set(self.detect_any) & present:
            return False
        return True


@dataclass(frozen=True)
class Layouts:
    """Everything ``layouts.toml`` says."""

    columns: dict[str, Column]
    shapes: dict[str, Shape]
    total_labels: frozenset[str]
    period_patterns: tuple[re.Pattern[str], ...]
    period_columns: tuple[str, ...]
    header_scan_rows: int
    min_header_matches: int
    max_issues: int

    @property
    def kinds(self) -> tuple[str, ...]:
        """Landing kinds that have at least one shape, in file order."""
        return tuple(dict.fromkeys(s.kind for s in self.shapes.values()))

    def shapes_of(self, kind: str) -> list[Shape]:
        """Shapes of ``kind`` in the order they are tried."""
        return [s for s in self.shapes.values() if s.kind == kind]

    def known_columns(self, kind: str) -> list[Column]:
        """Every column a header of ``kind`` may name (kept, dropped or period columns)."""
        names: dict[str, None] = {}
        for shape in self.shapes_of(kind):
            names.update(dict.fromkeys((*shape.columns, *shape.dropped)))
        names.update(dict.fromkeys(self.period_columns))
        return [self.columns[n] for n in names]


def _shape(name: str, raw: dict, columns: dict[str, Column]) -> Shape:
    shape = Shape(
        name=name,
        kind=raw["kind"],
        columns=tuple(raw["columns"]),
        required=tuple(raw.get("required", ())),
        detect_all=tuple(raw.get("detect_all", ())),
        detect_any=tuple(raw.get("detect_any", ())),
        defaults=tuple(sorted(raw.get("defaults", {}).items())),
        dropped=tuple(raw.get("dropped", ())),
        title_values=tuple((c, re.compile(p, re.IGNORECASE))
                           for c, p in sorted(raw.get("title_values", {}).items())),
    )
    for column, pattern in shape.title_values:
        if "value" not in pattern.groupindex:
            raise ValueError(f"layouts.toml: shape {name!r}: title_values.{column} needs a "
                             f"(?P<value>...) group")
    used = (*shape.columns, *shape.required, *shape.detect_all, *shape.detect_any,
            *shape.dropped, *dict(shape.defaults), *dict(shape.title_values))
    unknown = sorted(set(used) - set(columns))
    if unknown:
        raise ValueError(f"layouts.toml: shape {name!r} names undefined columns {unknown}")
    if not set(shape.required) <= set(shape.columns):
        raise ValueError(f"layouts.toml: shape {name!r}: required columns must be output columns")
    return shape


def parse_layouts(raw: dict) -> Layouts:
    """Build and validate :class:`Layouts` from the parsed TOML document."""
    columns: dict[str, Column] = {}
    for name, spec in raw["columns"].items():
        if spec["type"] not in COLUMN_TYPES:
            raise ValueError(f"layouts.toml: column {name!r} has unknown type {spec['type']!r}")
        columns[name] = Column(name, spec["type"], tuple(spec.get("aliases", ())),
                               tuple(v.upper() for v in spec.get("values", ())),
                               tuple(spec.get("na_values", ())))
    shapes = {name: _shape(name, spec, columns) for name, spec in raw["shapes"].items()}
    settings = raw["settings"]
    for name in settings["period_columns"]:
        if name not in columns:
            raise ValueError(f"layouts.toml: period column {name!r} is not defined")
    layouts = Layouts(
        columns=columns,
        shapes=shapes,
        total_labels=frozenset(normalise_label(t) for t in settings["total_labels"]),
        period_patterns=tuple(re.compile(p, re.IGNORECASE) for p in settings["period_patterns"]),
        period_columns=tuple(settings["period_columns"]),
        header_scan_rows=int(settings["header_scan_rows"]),
        min_header_matches=int(settings["min_header_matches"]),
        max_issues=int(settings["max_issues"]),
    )
    # A header text may name one column per kind: "Tanggal" is tanggal_sp2d in a realisasi
    # file and the response date in a survei file, never both in the same kind.
    for kind in layouts.kinds:
        owner: dict[str, str] = {}
        for col in layouts.known_columns(kind):
            for key in col.keys:
                if owner.setdefault(key, col.name) != col.name:
                    raise ValueError(f"layouts.toml: header {key!r} is an alias of both "
                                     f"{owner[key]!r} and {col.name!r} (kind {kind!r})")
    return layouts


@cache
def load_layouts(path: Path = LAYOUTS_PATH) -> Layouts:
    """Read and validate the layouts file (cached per path)."""
    with open(path, "rb") as fh:
        return parse_layouts(tomllib.load(fh))
