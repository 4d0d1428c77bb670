"""``kinerja verify``: is a home whole? Read-only checks, each problem with the command that repairs it.

- the working DB and the published file open (read-only);
- the published file holds what the warehouse's reporting tables hold (its recorded content
  hash and periods), and its publish has an audit row;
- no temporary publish file remains beside the served one;
- the load history is consistent: every current load has its file's sha256, and every
  published period has current loads.

Nothing here writes; a home that a run holds is reported busy, not examined.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from kinerja.warehouse.home import Home


@dataclass(frozen=True)
class Problem:
    what: str
    repair: str


def verify(home: Home) -> list[Problem]:
    from kinerja.warehouse.publish import behind, leftovers, served

    run = f"kinerja run --home {home.root}"
    problems: list[Problem] = []
    if not home.working_db.exists():
        return [Problem(f"no working database at {home.working_db}", run)]
    try:
        con = duckdb.connect(str(home.working_db), read_only=True)
    except duckdb.Error as err:
        return [Problem(f"the working database does not open: {str(err).splitlines()[0]}",
                        f"wait for the running refresh, or restore {home.working_db} from a backup")]
    try:
        target = home.published_db
        info = None
        try:
            info = served(target)
        except duckdb.Error as err:
            problems.append(Problem(f"the published file does not open read-only: {str(err).splitlines()[0]}",
                                    f"kinerja run --force --home {home.root}"))
        else:
            lagging = behind(con, target)
            if lagging:
                problems.append(Problem(lagging, run))
            if info is not None:
                known = con.execute("SELECT count(*) FROM audit_publish WHERE publish_id = ?",
                                    [info.publish_id]).fetchall()[0][0]
                if not known:
                    problems.append(Problem(f"the served publish {info.publish_id} has no audit row", run))
        for path in leftovers(target):
            problems.append(Problem(f"temporary publish file left by a stopped run: {path}", run))
        unhashed = con.execute("SELECT count(*) FROM out_load WHERE is_current AND "
                               "(sha256 IS NULL OR length(sha256) <> 64)").fetchall()[0][0]
        if unhashed:
            problems.append(Problem(f"{unhashed} current load(s) without their file's sha256",
                                    f"kinerja run --force --home {home.root}"))
        if info is not None:
            loaded = {str(r[0])[:7] for r in con.execute(
                "SELECT DISTINCT period FROM out_load WHERE is_current AND kind = 'realisasi'").fetchall()}
            for period in info.periods:
                if period not in loaded:
                    problems.append(Problem(f"published period {period} has no current realisasi load in the load history",
                                            f"kinerja run --period {period} --force --home {home.root}"))
    finally:
        con.close()
    return problems
