"""Wall time of the ``kinerja`` command as an operator starts it (issue 12's fast-start goals).

    python benchmarks/cli_timings.py [--repeat 5]

Builds a home from the shipped sample once (2025-01..06), then times, as fresh processes:
a run that changes nothing (every period skipped; goal <= 3 s), a forced refresh of one
month (``--period 2025-06 --force``; goal <= 6 s: it reuses the gate verdict recorded for the
unchanged inputs) and, for the record, the same month with ``--revalidate`` (Great
Expectations started and every gate run again; no goal). Prints the median and every sample.
No Prefect server: ``PREFECT_API_URL`` is removed from the environment (the default path).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"no-op run": 3.0, "forced one-month refresh": 6.0, "one month, gates run again": None}


def _time(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kinerja.cli", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    with tempfile.TemporaryDirectory() as tmp:
        home = str(Path(tmp) / "home")
        subprocess.run([sys.executable, "-m", "kinerja.cli", "run", "--home", home, "-q"], env=env, check=True)
        cases = {"no-op run": ["run", "--home", home, "-q"],
                 "forced one-month refresh": ["run", "--period", "2025-06", "--force", "--home", home, "-q"],
                 "one month, gates run again": ["run", "--period", "2025-06", "--revalidate", "--home", home, "-q"]}
        failed = False
        for name, args in cases.items():
            samples = [_time(args, env) for _ in range(repeat)]
            median = statistics.median(samples)
            goal = GOALS[name]
            ok = goal is None or median <= goal
            failed |= not ok
            said = "no goal" if goal is None else f"goal <= {goal:g} s: {'met' if ok else 'NOT met'}"
            print(f"{name:<26} median {median:5.2f} s  ({said})  samples: {', '.join(f'{s:.2f}' for s in samples)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
