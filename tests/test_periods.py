"""Period arithmetic carries the year; the monthly schedule's default period is taken in WITA."""

from datetime import datetime, timezone

import pytest

from kinerja.pipeline import previous_month
from kinerja.periods import Period, period_range


def test_ranges_cross_the_year_boundary_in_order():
    assert [str(p) for p in period_range("2024-11", "2025-02")] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert Period.parse("2025-01").previous() == Period(2024, 12)
    assert Period.parse("2025-02").last_day.day == 28
    with pytest.raises(ValueError):
        period_range("2025-03", "2025-01")
    with pytest.raises(ValueError):
        Period.parse("2025-13")


def test_previous_month_is_taken_in_asia_makassar():
    # 17:00 UTC on 30 June is 01:00 on 1 July in WITA (UTC+8): the previous month is June, not May
    assert previous_month(datetime(2025, 6, 30, 17, 0, tzinfo=timezone.utc)) == Period(2025, 6)
    assert previous_month(datetime(2025, 6, 30, 15, 59, tzinfo=timezone.utc)) == Period(2025, 5)
    assert previous_month(datetime(2026, 1, 16, 0, 0, tzinfo=timezone.utc)) == Period(2025, 12)
