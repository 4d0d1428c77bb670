"""DuckDB 1.x clients open the published file: Python duckdb<2 (plain and through SQLAlchemy +
duckdb-engine with SQLAlchemy 1.4, as Superset does: tables reflected) and the DuckDB CLI 1.x (PyPI ``duckdb-cli``), each in a side
virtual environment created once under a cache folder and reused.

The cache folder is ``$KINERJA_TEST_CACHE`` or ``~/.cache/kinerja-tests``; creating it needs the
package index (about 15 s), later runs reuse it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja import metadata

pytestmark = pytest.mark.integration

CACHE = Path(os.environ.get("KINERJA_TEST_CACHE", Path.home() / ".cache" / "kinerja-tests"))
# SQLAlchemy as Superset pins it (>=1.4,<2): the stack a Superset install connects with.
REQUIREMENTS = ("duckdb>=1.0,<2", "duckdb-cli>=1.0,<2", "duckdb-engine>=0.13", "sqlalchemy>=1.4,<2")
HEADLINE = """SELECT CAST(pagu AS VARCHAR), CAST(realisasi_kumulatif AS VARCHAR) FROM out_budget_region
WHERE period = DATE '2025-06-01'"""
UPT = """SELECT CAST(pagu AS VARCHAR), CAST(realisasi_kumulatif AS VARCHAR), round(penyerapan_ratio * 100, 2)
FROM v_penyerapan_bulanan WHERE period = DATE '2025-06-01' AND lingkup = 'upt'"""


@pytest.fixture(scope="session")
def duckdb1_env() -> Path:
    """A virtual environment with DuckDB 1.x (Python, CLI, duckdb-engine)."""
    from filelock import FileLock

    env = CACHE / "duckdb1-venv"
    python = env / "bin" / "python"
    marker = env / ".kinerja-requirements"
    CACHE.mkdir(parents=True, exist_ok=True)
    with FileLock(str(CACHE / "duckdb1-venv.lock")):   # one process builds it, others on other workers wait
        if not (python.exists() and marker.exists() and marker.read_text() == "\n".join(REQUIREMENTS)):
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(env)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
            marker.write_text("\n".join(REQUIREMENTS))
    return env


PROBE = r"""
import json, sys
import duckdb
import sqlalchemy as sa

path = sys.argv[1]
headline, upt = sys.argv[2], sys.argv[3]
con = duckdb.connect(path, read_only=True)
out = {"version": duckdb.__version__, "headline": con.execute(headline).fetchall(),
       "upt": con.execute(upt).fetchall(),
       "comments": con.execute("SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
                               "AND coalesce(comment, '') = ''").fetchall()[0][0]}
con.close()
engine = sa.create_engine(f"duckdb:///{path}?access_mode=read_only")   # the README's Superset URI
with engine.connect() as c:
    out["sqlalchemy"] = [list(r) for r in c.execute(sa.text(headline))]
    out["tables"] = sorted(sa.inspect(c).get_table_names())
    table = sa.Table("fact_budget_lingkup", sa.MetaData(), autoload_with=c)   # Superset's dataset sync
    out["columns"] = [col.name for col in table.columns]
    out["pagu_comment"] = table.c.pagu.comment
    out["pagu_nullable"] = table.c.pagu.nullable
    out["view"] = [list(r) for r in c.execute(sa.text(
        "SELECT nama_lingkup, round(penyerapan_ratio * 100, 2) FROM v_penyerapan_bulanan "
        "WHERE period = DATE '2025-06-01' ORDER BY lingkup"))]
engine.dispose()
print(json.dumps(out, default=str))
"""


def test_python_duckdb_1x_and_duckdb_engine_read_the_published_file(duckdb1_env, published_file):
    run = subprocess.run([str(duckdb1_env / "bin" / "python"), "-c", PROBE, str(published_file), HEADLINE, UPT],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["version"].startswith("1.")
    assert got["headline"] == [["123380040660.00", "48809701898.00"]]
    assert got["sqlalchemy"] == [["123380040660.00", "48809701898.00"]]
    assert got["upt"] == [["120315107660.00", "48154214932.00", 40.02]]
    assert got["comments"] == 0
    assert {"out_budget_region", "dim_satker", "fact_budget_lingkup"} <= set(got["tables"])
    # (duckdb-engine does not reflect primary keys: Superset does not need them)
    assert got["columns"] == list(metadata.table("fact_budget_lingkup").column_names)
    assert got["pagu_comment"].startswith("Pagu in force") and got["pagu_nullable"] is False
    assert got["view"] == [["Kanwil", 21.39], ["Lingkup UPT", 40.02], ["Wilayah (Kanwil dan UPT)", 39.56]]


def test_duckdb_cli_1x_reads_the_published_file(duckdb1_env, published_file):
    cli = duckdb1_env / "bin" / "duckdb"
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.startswith("v1."), version.stdout + version.stderr
    # the CLI exits 0 even when it cannot open the file: judge by what it prints
    run = subprocess.run([str(cli), "-readonly", "-csv", "-noheader", str(published_file), "-c",
                          HEADLINE.replace("\n", " ") + ";"], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "123380040660.00,48809701898.00", run.stdout + run.stderr
    assert "Error" not in run.stderr
