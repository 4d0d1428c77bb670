"""Where the data shipped inside the package lives: the real report's figures and the sample
landing. Read through :mod:`importlib.resources`, so a checkout and an installed wheel agree.

kinerja is installed as plain files (setuptools wheels are never zipped), so these are real
directories that readers and DuckDB can open by path.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _data() -> Path:
    return Path(str(resources.files("kinerja.data")))


def seed_facts_dir() -> Path:
    """``seed_facts/``: figures transcribed from the real LKjIP Semester I 2025."""
    return _data() / "seed_facts"


def sample_landing() -> Path:
    """``sample/landing/``: the shipped sample (Kanwil Ditjenpas NTB, 2025-01..2025-06)."""
    return _data() / "sample" / "landing"
