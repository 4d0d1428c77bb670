"""Deployments take the landing and home from the installation, never from the sample:
prefect.yaml passes the Prefect variables kinerja_landing / kinerja_home to each run as the
process work pool's job variables (env.KINERJA_LANDING / env.KINERJA_HOME), and a run told
neither fails saying what to set. The deploy itself runs in tests/integration/."""

from __future__ import annotations

import shutil

import pytest
import yaml

from tests.conftest import REPO, SAMPLE_LANDING

pytestmark = pytest.mark.xdist_group("prefect_server")


def test_prefect_yaml_takes_landing_and_home_from_prefect_variables_with_no_sample_default():
    from kinerja.flows.refresh import refresh

    text = (REPO / "prefect.yaml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    for deployment in config["deployments"]:
        assert deployment["work_pool"]["job_variables"]["env"] == {
            "KINERJA_LANDING": "{{ prefect.variables.kinerja_landing }}",
            "KINERJA_HOME": "{{ prefect.variables.kinerja_home }}"}
        assert not {"landing", "home"} & set(deployment.get("parameters") or {})
    uncommented = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "sample" not in uncommented and ": .kinerja" not in uncommented   # the CLI's defaults
    assert refresh.parameters.properties["landing"]["default"] is None
    assert refresh.parameters.properties["home"]["default"] is None


def test_a_run_without_landing_or_home_fails_naming_the_variables(prefect_server, monkeypatch):
    from kinerja.flows.refresh import refresh

    monkeypatch.delenv("KINERJA_LANDING", raising=False)
    monkeypatch.delenv("KINERJA_HOME", raising=False)
    state = refresh(period="2025-01", return_state=True)
    assert state.is_failed()
    assert "No landing given" in state.message and "Prefect variable kinerja_landing" in state.message
    assert "No home given" in state.message and "env.KINERJA_HOME" in state.message


def test_a_run_takes_landing_and_home_from_the_job_variables_environment(prefect_server, sample_home, landing_copy,
                                                                         tmp_path, monkeypatch):
    from kinerja.flows.refresh import refresh

    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    (landing_copy / "2025-13").mkdir()
    monkeypatch.setenv("KINERJA_LANDING", str(landing_copy))   # what a process worker sets from env
    monkeypatch.setenv("KINERJA_HOME", str(home))
    result = refresh(period="2025-06", force=True)
    assert result.periods == {"2025-06": "refreshed"}
    assert result.published == str(home.resolve() / "published" / "kinerja.duckdb")
    assert result.notes[0] == "ignored in the landing (not a period folder YYYY-MM): 2025-13/"
    assert str(SAMPLE_LANDING) not in str(result.published)
