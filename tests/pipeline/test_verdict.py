"""A forced refresh of an unchanged period reuses the gate verdict recorded for its lineage
(the same files, period before, rules and code) and never starts Great Expectations; the
verdict's warnings and suite results carry over to the new run's audit. ``revalidate`` and
any change to the inputs run the gates again.

The reusing run happens in a fresh process: that Great Expectations was never imported there is
the evidence that nothing was validated. Runs that must validate are counted in this process.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys

import duckdb
import pytest

from kinerja.cli import main
from kinerja.pipeline import Settings, refresh_landing
from kinerja.warehouse.home import Home
from tests.conftest import REPO, SAMPLE_LANDING
from tests.durability.conftest import published_content

pytestmark = pytest.mark.slow
period_module = importlib.import_module("kinerja.pipeline.period")

CHILD = r"""
import json, sys
from kinerja.pipeline import Settings, refresh_landing
landing, home = sys.argv[1], sys.argv[2]
result = refresh_landing(landing, home, period="2025-06", force=True)
print(json.dumps({"periods": result.periods, "run_id": result.run_id,
                  "gx": "great_expectations" in sys.modules}))
"""


def _force_june(landing, home) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(landing), str(home)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _audit(home, run_id: str) -> tuple[list, list]:
    con = duckdb.connect(str(Home(home).working_db), read_only=True)
    try:
        issues = con.execute("""SELECT file_name, row_number, column_name, rule, severity, message
            FROM audit_gate_issue WHERE run_id = ? AND period = DATE '2025-06-01' ORDER BY ALL""",
                             [run_id]).fetchall()
        suites = con.execute("""SELECT suite, file_name, success, n_evaluated, n_failed FROM audit_gate_result
            WHERE run_id = ? AND period = DATE '2025-06-01' ORDER BY ALL""", [run_id]).fetchall()
        return issues, suites
    finally:
        con.close()


def _last_refresh_of_june(home) -> str:
    con = duckdb.connect(str(Home(home).working_db), read_only=True)
    try:
        return con.execute("""SELECT run_id FROM audit_run WHERE period = DATE '2025-06-01'
            AND status = 'refreshed' ORDER BY finished_at DESC LIMIT 1""").fetchone()[0]
    finally:
        con.close()


def test_a_forced_unchanged_month_reuses_its_verdict_and_revalidate_runs_the_gates(sample_home, tmp_path,
                                                                                    monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    original_run = _last_refresh_of_june(home)
    original = _audit(home, original_run)
    assert original[1], "the sample's June refresh recorded its suites"
    content = published_content(home)

    reused = _force_june(SAMPLE_LANDING, home)
    assert reused["periods"]["2025-06"] == "refreshed"
    assert reused["gx"] is False                       # no validation ran in this process
    assert _audit(home, reused["run_id"]) == original  # the verdict carried over, issue for issue
    assert published_content(home) == content

    # revalidating runs the gates (here, in this process: counted) and finds exactly the same
    gated: list[str] = []
    real = period_module.gate_extracts
    monkeypatch.setattr(period_module, "gate_extracts",
                        lambda period, *args: gated.append(str(period)) or real(period, *args))
    again = refresh_landing(SAMPLE_LANDING, home, period="2025-06", force=True, settings=Settings(revalidate=True))
    assert again.periods == {"2025-06": "refreshed"} and gated == ["2025-06"]
    assert _audit(home, again.run_id) == original


def test_a_changed_file_is_validated_even_when_forced(sample_home, tmp_path, monkeypatch):
    home, landing = tmp_path / "home", tmp_path / "landing"
    shutil.copytree(sample_home, home)
    shutil.copytree(SAMPLE_LANDING, landing)
    gated: list[str] = []
    real = period_module.gate_extracts
    monkeypatch.setattr(period_module, "gate_extracts",
                        lambda period, *args: gated.append(str(period)) or real(period, *args))
    survei = landing / "2025-06" / "survei.csv"
    survei.write_bytes(survei.read_bytes() + b"\n")           # other bytes, same rows
    result = refresh_landing(landing, home, period="2025-06", force=True)
    assert result.periods == {"2025-06": "refreshed"} and gated == ["2025-06"]
    gated.clear()
    result = refresh_landing(landing, home, period="2025-06", force=True)   # now recorded: reused
    assert result.periods == {"2025-06": "refreshed"} and gated == []

    command = ["run", "--period", "2025-06", "--landing", str(landing), "--home", str(home), "--prefect", "off", "-q"]
    assert main([*command, "--force"]) == 0 and gated == []
    assert main([*command, "--revalidate"]) == 0 and gated == ["2025-06"]
