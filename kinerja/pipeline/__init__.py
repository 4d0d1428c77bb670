"""One period's journey as plain functions (no Prefect): find, read, gate 1, state, derive and
gate 2, one transaction; and a range of periods under the home's lock, published once.

    refresh_landing(landing, home, period=, period_from=, period_to=) -> RefreshResult
    refresh(periods, landing, home, settings) -> RefreshResult   (raises RefreshFailed)
    run_period(con, run, period, settings) -> Outcome
    load_period_state(con, period) -> PeriodState
    derive(period, extracts, state, settings) -> Derived          (pure)

The Prefect flows in :mod:`kinerja.flows` call ``refresh`` with a step runner that makes each
step a task; profiling or testing a period needs no server.
"""

from kinerja.pipeline.apply import RunInfo
from kinerja.pipeline.derive import Derived, Settings, derive, gate_extracts
from kinerja.pipeline.inputs import Inputs, find_inputs, read_inputs
from kinerja.pipeline.period import (
    Outcome, RefreshFailed, RefreshResult, direct, landing_periods, previous_month, refresh,
    refresh_landing, resolve_periods, run_period, step_failure, with_dependents,
)
from kinerja.pipeline.state import PeriodState, load_period_state

__all__ = [
    "Derived", "Inputs", "Outcome", "PeriodState", "RefreshFailed", "RefreshResult", "RunInfo", "Settings",
    "derive", "direct", "find_inputs", "gate_extracts", "landing_periods", "load_period_state",
    "previous_month", "read_inputs", "refresh", "refresh_landing", "resolve_periods", "run_period", "step_failure",
    "with_dependents",
]
