from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingshang.core import workdays
from yingshang.core.workdays import SHANGHAI, WorkCalendar, WorkdayResult


@pytest.fixture
def cal():
    return WorkCalendar()


# Hypothesis runs hundreds of examples; one shared calendar keeps its year tables warm.
SHARED = WorkCalendar()


def sh(*args):
    return datetime(*args, tzinfo=SHANGHAI)


# -- day_kind ------------------------------------------------------------------------------


def test_national_day_is_a_holiday(cal):
    info = cal.day_kind(date(2024, 10, 1))
    assert not info.is_workday
    assert not info.estimated
    assert info.name == "国庆节"


def test_sunday_makeup_workday_before_national_day(cal):
    info = cal.day_kind(date(2024, 9, 29))
    assert info.is_workday
    assert info.name == "调休上班"


def test_sunday_makeup_workday_before_spring_festival_2025(cal):
    assert cal.is_workday(date(2025, 1, 26))
    assert not cal.is_workday(date(2025, 1, 28))


def test_spring_festival_2026(cal):
    assert cal.is_workday(date(2026, 2, 14))  # Saturday 调休
    assert [cal.is_workday(date(2026, 2, d)) for d in range(15, 24)] == [False] * 9
    assert cal.day_kind(date(2026, 2, 17)).name == "春节"
    assert cal.is_workday(date(2026, 2, 24))


def test_plain_weekend(cal):
    assert cal.day_kind(date(2024, 11, 16)) == workdays.DayInfo(False, False, "周末")


def test_unknown_year_falls_back_to_weekdays_and_is_estimated(cal):
    assert cal.day_kind(date(2027, 3, 10)) == workdays.DayInfo(True, True, "工作日")
    assert cal.day_kind(date(2027, 3, 13)) == workdays.DayInfo(False, True, "周末")


def test_unknown_year_still_knows_fixed_date_holidays(cal):
    # 2027-10-01 is a Friday: certainly a day off even before the State Council's notice.
    info = cal.day_kind(date(2027, 10, 1))
    assert not info.is_workday
    assert info.estimated


def test_override_wins_over_chinesecalendar_and_fallback():
    cal = WorkCalendar({date(2024, 10, 1): True, date(2024, 10, 8): False, date(2027, 3, 10): False})
    assert cal.day_kind(date(2024, 10, 1)) == workdays.DayInfo(True, False, "调整为工作日")
    assert not cal.is_workday(date(2024, 10, 8))
    assert cal.day_kind(date(2027, 3, 10)) == workdays.DayInfo(False, False, "调整为休息日")


# -- add_workdays / workdays_between -------------------------------------------------------


def test_day_one_is_the_first_workday_after_start(cal):
    # Monday 2024-11-18 + 1 → Tuesday; the start day itself never counts.
    assert cal.add_workdays(date(2024, 11, 18), 1) == WorkdayResult(date(2024, 11, 19), False)


def test_start_on_a_weekend(cal):
    assert cal.add_workdays(date(2024, 11, 16), 1).date == date(2024, 11, 18)


def test_zero_workdays_is_the_start(cal):
    assert cal.add_workdays(date(2024, 11, 16), 0) == WorkdayResult(date(2024, 11, 16), False)


def test_add_workdays_across_national_day(cal):
    # Fri 27 Sep → Sun 29 (调休) → Mon 30 → holiday 1–7 Oct → Tue 8 Oct.
    assert cal.add_workdays(date(2024, 9, 27), 1).date == date(2024, 9, 29)
    assert cal.add_workdays(date(2024, 9, 27), 3).date == date(2024, 10, 8)
    assert cal.add_workdays(date(2024, 9, 30), 5).date == date(2024, 10, 12)  # Saturday 调休


def test_add_workdays_across_year_end(cal):
    assert cal.add_workdays(date(2024, 12, 30), 2).date == date(2025, 1, 2)


def test_add_workdays_into_unknown_year_is_estimated(cal):
    result = cal.add_workdays(date(2026, 12, 28), 5)
    assert result.estimated
    # Dec 29, 30, 31, then 1 Jan 2027 is 元旦, so Jan 4, 5 (Mon, Tue).
    assert result.date == date(2027, 1, 5)


def test_add_workdays_inside_known_year_is_not_estimated(cal):
    assert not cal.add_workdays(date(2026, 12, 1), 5).estimated


def test_negative_workdays_count_back(cal):
    assert cal.add_workdays(date(2024, 10, 8), -1).date == date(2024, 9, 30)
    assert cal.add_workdays(date(2024, 10, 8), -2).date == date(2024, 9, 29)
    assert cal.add_workdays(date(2025, 1, 2), -2).date == date(2024, 12, 30)


def test_workdays_between_is_half_open(cal):
    assert cal.workdays_between(date(2024, 9, 27), date(2024, 10, 8)) == 3
    assert cal.workdays_between(date(2024, 10, 8), date(2024, 9, 27)) == -3
    assert cal.workdays_between(date(2024, 11, 18), date(2024, 11, 18)) == 0


def test_workdays_in_2024(cal):
    # 2024 had 251 official workdays.
    assert cal.workdays_between(date(2023, 12, 31), date(2024, 12, 31)) == 251


@given(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(min_value=-300, max_value=300),
)
def test_add_and_between_agree(start, n):
    cal = SHARED
    result = cal.add_workdays(start, n).date
    if n == 0:
        assert result == start
        return
    assert cal.is_workday(result)
    if n > 0:
        assert cal.workdays_between(start, result) == n
    else:
        # (result, start] holds the |n| - 1 workdays after result, plus start if it is one.
        assert cal.workdays_between(start, result) == n + 1 - cal.is_workday(start)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(min_value=0, max_value=60),
)
def test_between_matches_day_by_day_count(a, span):
    cal = SHARED
    b = a + timedelta(days=span)
    expected = sum(cal.is_workday(a + timedelta(days=i)) for i in range(1, span + 1))
    assert cal.workdays_between(a, b) == expected


# -- add_working_hours ---------------------------------------------------------------------


def test_hours_across_lunch(cal):
    assert cal.add_working_hours(sh(2024, 11, 18, 11, 0), 2) == sh(2024, 11, 18, 14, 30)


def test_hours_ending_at_noon_stay_at_noon(cal):
    assert cal.add_working_hours(sh(2024, 11, 18, 11, 0), 1) == sh(2024, 11, 18, 12, 0)


def test_hours_overnight(cal):
    assert cal.add_working_hours(sh(2024, 11, 18, 17, 0), 1) == sh(2024, 11, 19, 9, 30)


def test_hours_before_office_opens(cal):
    assert cal.add_working_hours(sh(2024, 11, 18, 7, 0), 1) == sh(2024, 11, 18, 10, 0)


def test_hours_over_a_weekend(cal):
    assert cal.add_working_hours(sh(2024, 11, 15, 17, 0), 1) == sh(2024, 11, 18, 9, 30)


def test_hours_into_a_makeup_sunday_and_across_national_day(cal):
    assert cal.add_working_hours(sh(2024, 9, 27, 16, 30), 2) == sh(2024, 9, 29, 10, 0)
    assert cal.add_working_hours(sh(2024, 9, 30, 17, 0), 1) == sh(2024, 10, 8, 9, 30)


def test_a_full_working_day_is_seven_hours(cal):
    assert cal.add_working_hours(sh(2024, 11, 18, 9, 0), 7) == sh(2024, 11, 18, 17, 30)
    assert cal.add_working_hours(sh(2024, 11, 18, 9, 0), 24) == sh(2024, 11, 21, 12, 0)


def test_hours_keep_the_callers_tzinfo(cal):
    start = datetime(2024, 11, 18, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai
    result = cal.add_working_hours(start, 2)
    assert result.tzinfo is UTC
    assert result == sh(2024, 11, 18, 14, 30)


def test_naive_datetimes_are_shanghai_wall_time(cal):
    assert cal.add_working_hours(datetime(2024, 11, 18, 11, 0), 2) == datetime(2024, 11, 18, 14, 30)


def test_custom_office_hours(cal):
    result = cal.add_working_hours(sh(2024, 11, 18, 16, 0), 1, office_hours=((8, 30), (16, 30)))
    assert result == sh(2024, 11, 19, 9, 0)


def test_negative_hours_are_rejected(cal):
    with pytest.raises(ValueError):
        cal.add_working_hours(sh(2024, 11, 18, 9, 0), -1)


# -- colours -------------------------------------------------------------------------------


def test_colour_red_when_overdue(cal):
    assert cal.colour_for(date(2024, 11, 18), date(2024, 11, 19)) == "red"


def test_colour_done_is_green_even_when_late(cal):
    assert cal.colour_for(date(2024, 11, 18), date(2024, 11, 19), done=True) == "green"


def test_colour_yellow_within_five_workdays(cal):
    # From Fri 27 Sep 2024, Tue 8 Oct is only 3 workdays away.
    assert cal.workdays_left(date(2024, 10, 8), date(2024, 9, 27)) == 3
    assert cal.colour_for(date(2024, 10, 8), date(2024, 9, 27)) == "yellow"
    assert cal.colour_for(date(2024, 11, 18), date(2024, 11, 18)) == "yellow"


def test_colour_green_when_far(cal):
    assert cal.colour_for(date(2024, 12, 31), date(2024, 11, 18)) == "green"


def test_colour_yellow_when_behind_schedule(cal):
    assert cal.colour_for(date(2024, 12, 31), date(2024, 11, 18), behind_schedule=True) == "yellow"


def test_colour_threshold_is_configurable(cal):
    assert cal.colour_for(date(2024, 11, 25), date(2024, 11, 18), yellow_workdays=2) == "green"


# -- the process-wide calendar -------------------------------------------------------------


@pytest.fixture
def clean_global():
    yield
    workdays.set_override_loader(None)


def test_get_calendar_uses_the_loader_and_reloads_after_invalidate(clean_global):
    overrides = {date(2024, 10, 1): True}
    calls = []

    def loader():
        calls.append(1)
        return dict(overrides)

    workdays.set_override_loader(loader)
    assert workdays.get_calendar().is_workday(date(2024, 10, 1))
    assert workdays.get_calendar() is workdays.get_calendar()
    assert len(calls) == 1

    overrides[date(2024, 10, 1)] = False
    assert workdays.get_calendar().is_workday(date(2024, 10, 1))  # still cached
    workdays.invalidate_calendar()
    assert not workdays.get_calendar().is_workday(date(2024, 10, 1))
    assert len(calls) == 2


def test_get_calendar_without_loader(clean_global):
    workdays.set_override_loader(None)
    assert not workdays.get_calendar().is_workday(date(2024, 10, 1))
