"""Packaging: one import name, every package of the source tree in the wheel's list.

The rooms keep the repository's top-level folders and are mapped under ``kinerja`` by
``[tool.setuptools.package-dir]``; a package folder missing from ``packages`` would be left
out of a wheel while an editable install still finds it. CI builds the wheel itself, checks
its ``top_level.txt`` and runs the sample from a fresh virtual environment (.ci/run).
"""

from __future__ import annotations

import tomllib

from tests.conftest import REPO


def _config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_folder_is_listed_and_mapped_under_kinerja():
    config = _config()
    mapping = config["package-dir"]
    on_disk = set()
    for name, folder in mapping.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            rel = init.parent.relative_to(root).parts
            on_disk.add(".".join((name, *rel)))
    assert set(config["packages"]) == on_disk
    assert all(p == "kinerja" or p.startswith("kinerja.") for p in config["packages"])


def test_package_data_covers_the_files_read_at_run_time():
    data = _config()["package-data"]
    assert "sql/*.sql" in data["kinerja.warehouse"] and "*.toml" in data["kinerja.readers"]
    assert "*.toml" in data["kinerja"]                            # rules.toml
    assert any(p.startswith("sample/landing") for p in data["kinerja.data"])
    landed = {p.parent.name for p in (REPO / "data" / "sample" / "landing").glob("*/*")}
    assert {"reference", "2025-01", "2025-06"} <= landed          # depth matches sample/landing/*/*
