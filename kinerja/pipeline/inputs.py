"""A period's input files: found and hashed first (cheap), read into canonical frames after.

Which files a period uses is decided here: the period folder's own extracts, and for the
reference kinds (satker master, performance agreement) the reference file in force for the
period (by the validity its name gives: ``pk.csv`` from the beginning, ``pk_2026.csv`` from
2026-01, ``satker_2025-07.csv`` from 2025-07) when the folder has none.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kinerja import readers
from kinerja.files import file_sha256
from kinerja.issues import ExtractError, Issue
from kinerja.periods import Period
from kinerja.version import code_version

# Kinds a period cannot do without; every other known kind (pagu, rb, survei, iph, iku, ikpa)
# is optional. Reference kinds come from <landing>/reference/ unless the period folder has one;
# the Halaman III plan (rpd) is one: ``rpd.xlsx`` from the start of the year, a quarterly
# update ``rpd_2025-04.csv`` from April on.
REQUIRED_KINDS = ("satker", "realisasi")
REFERENCE_KINDS = ("satker", "pk", "rpd")


@dataclass
class Inputs:
    """The files of one period and, once read, their canonical frames."""

    period: Period
    landing: Path
    files: dict[str, list[Path]]
    sha256_by_file: dict[Path, str]
    extracts: dict[str, readers.Extract] = field(default_factory=dict)
    unreadable: list[tuple[str, Path, ExtractError]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """One hash over the period's own input files (kind, name and bytes)."""
        digest = hashlib.sha256()
        for kind in sorted(self.files):
            for path in sorted(self.files[kind]):
                digest.update(f"{kind}:{path.name}:{self.sha256_by_file[path]}\n".encode())
        return digest.hexdigest()

    def lineage_sha256(self, previous_lineage: str | None, rules_sha256: str = "") -> str:
        """This period's inputs, everything the period before depended on, the rules in force
        and the code: equal lineage means an equal result."""
        text = f"{self.sha256}|{previous_lineage or ''}|{rules_sha256}|{code_version()}"
        return hashlib.sha256(text.encode()).hexdigest()

    def display(self, path: Path) -> str:
        """How messages and the load history name a file: relative to the landing root."""
        try:
            return str(path.relative_to(self.landing))
        except ValueError:
            return path.name


def find_inputs(landing: Path, period: Period) -> Inputs:
    """Find the period's files (and the reference files in force) and hash them; read nothing."""
    try:
        found = readers.discover(landing, str(period))
    except ExtractError as err:
        return Inputs(period, landing, {}, {}, issues=list(err.issues))
    files: dict[str, list[Path]] = {k: list(v) for k, v in found.items() if v}
    issues: list[Issue] = []
    for kind in REFERENCE_KINDS:
        if files.get(kind):
            continue                    # the period folder's own master takes precedence
        try:
            in_force = readers.reference_for(landing, kind, period)
        except ExtractError as err:
            issues.extend(err.issues)
            continue
        if in_force is not None:
            files[kind] = [in_force]
    inputs = Inputs(period, landing, files, {p: file_sha256(p) for paths in files.values() for p in paths},
                    issues=issues)
    folder = f"{period}/"
    for kind in sorted(set(files) | set(REQUIRED_KINDS)):
        paths = files.get(kind, [])
        if kind in REQUIRED_KINDS and not paths:
            where = "reference/ maupun " + folder if kind == "satker" else folder
            inputs.issues.append(Issue(folder, "file.missing", f"tidak ada file {kind} di {where}"))
        if len(paths) > 1:
            names = ", ".join(inputs.display(p) for p in paths)
            inputs.issues.append(Issue(folder, "file.ambiguous",
                                       f"ada {len(paths)} file {kind} untuk satu periode ({names}); kiriman "
                                       f"perbaikan menggantikan file yang diperbaikinya: simpan satu saja"))
    return inputs


def read_inputs(inputs: Inputs) -> Inputs:
    """Read each found file into its canonical frame; collect every reader error."""
    for kind, paths in inputs.files.items():
        for path in paths[:1]:
            try:
                inputs.extracts[kind] = readers.read_extract(path, kind, landing=inputs.landing)
            except ExtractError as err:
                inputs.unreadable.append((kind, path, err))
                inputs.issues.extend(err.issues)
    return inputs
