"""One shape for every problem found in an extract, by a reader or by a gate.

A reader error and a gate failure are reported the same way: file, row, column, the rule
that was broken and a sentence a person can act on. Rule ids are stable strings
(``number.ambiguous``, ``key.unique``, ...) documented in docs/rules.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


# A value quoted in a message is cut to this many characters: a cell holding a pasted paragraph
# must not turn one line of the gate report into a page.
VALUE_CHARS = 80


def cut_value(text: str | None, limit: int = VALUE_CHARS) -> str | None:
    """``text`` as a message quotes it: at most ``limit`` characters, the cut marked with ``…``."""
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Issue:
    file: str
    rule: str
    message: str
    row: int | None = None
    column: str | None = None
    severity: str = "error"  # "error" blocks the publish; "warning" is recorded and shown

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        return f"{where}: [{self.rule}] {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


def _restore(cls: type, message: str, state: dict) -> "IssuesError":
    err = Exception.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class IssuesError(Exception):
    """Raised with every issue found, never only the first."""

    def __init__(self, issues: list[Issue], headline: str):
        self.issues = list(issues)
        lines = [headline] + [f"  - {i}" for i in self.issues[:50]]
        if len(self.issues) > 50:
            lines.append(f"  ... and {len(self.issues) - 50} more")
        super().__init__("\n".join(lines))

    def __reduce__(self):
        # picklable (a Prefect state may carry it across processes) although __init__ differs
        return _restore, (self.__class__, str(self), self.__dict__)


class ExtractError(IssuesError):
    """A file could not be read into its canonical frame (reader stage)."""

    def __init__(self, issues: list[Issue]):
        files = sorted({i.file for i in issues})
        super().__init__(issues, f"extract unreadable: {', '.join(files)}")


class GateFailed(IssuesError):
    """A gate found errors; nothing may be published for the period."""

    def __init__(self, issues: list[Issue], period: str | None = None):
        errors = [i for i in issues if i.severity == "error"]
        head = f"gate failed for {period}" if period else "gate failed"
        super().__init__(errors, f"{head}: {len(errors)} rule violation(s)")
