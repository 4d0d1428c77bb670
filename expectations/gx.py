"""Great Expectations, imported on first use.

Importing GX costs 3-6 s on this project's machine. A run whose periods are all unchanged,
``kinerja status``/``verify``/``report``, and every process that only reads the published
file never validate anything, so they must not pay for it. The suite modules build their
expectations inside functions and reach GX through the two names below; the first attribute
looked up imports the real module (later lookups are a dictionary hit).
"""

from __future__ import annotations

import importlib
from typing import Any


class _OnFirstUse:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<{self._name}, imported on first use>"


gx = _OnFirstUse("great_expectations")
gxe = _OnFirstUse("great_expectations.expectations")
