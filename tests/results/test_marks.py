"""The marks module: exact parsing and formatting, round trips, clear errors."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.enums import Unit
from app.results.marks import Mark, MarkError, format_mark, normalize_mark, parse_mark


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("10.49", Unit.time, 10_490),
        ("3:29.38", Unit.time, 209_380),
        ("1:59:30", Unit.time, 7_170_000),
        ("2:08:24", Unit.time, 7_704_000),
        ("3:35.2", Unit.time, 215_200),
        ("4:11.23", Unit.time, 251_230),
        ("8.95", Unit.distance, 8_950),
        ("2.37", Unit.height, 2_370),
        ("8998", Unit.points, 8_998),
    ],
)
def test_parses_marks_exactly(text: str, unit: Unit, value: int) -> None:
    mark = parse_mark(text, unit)
    assert mark.value == value
    assert format_mark(mark) == text


def test_hand_time_and_electronic_time_are_the_same_value_but_different_displays() -> None:
    assert parse_mark("3:35.2", Unit.time).value == parse_mark("3:35.20", Unit.time).value
    assert format_mark(parse_mark("3:35.2", Unit.time)) == "3:35.2"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("3:29.3x", Unit.time),
        ("61:00.00", Unit.time),
        ("-3:29.38", Unit.time),
        ("3:5.00", Unit.time),
        ("75.3", Unit.time),
        ("", Unit.time),
        ("8,95", Unit.distance),
        ("-8.95", Unit.distance),
        ("8.955", Unit.distance),
        ("899811", Unit.points),
        ("8998.5", Unit.points),
    ],
)
def test_rejects_invalid_marks_with_a_reason(text: str, unit: Unit) -> None:
    with pytest.raises(MarkError):
        parse_mark(text, unit)


def test_format_rejects_negative_values() -> None:
    with pytest.raises(MarkError):
        format_mark(Mark(-1, Unit.time, 2))


times = st.builds(
    lambda h, m, s, frac, decimals: Mark(
        ((h * 60 + m) * 60 + s) * 1000 + (frac // 10 ** (3 - decimals)) * 10 ** (3 - decimals),
        Unit.time,
        decimals,
    ),
    st.integers(0, 9),
    st.integers(0, 59),
    st.integers(0, 59),
    st.integers(0, 999),
    st.integers(0, 3),
)
distances = st.builds(
    lambda metres, cm, decimals: Mark(
        metres * 1000 + (cm * 10 if decimals == 2 else (cm // 10) * 100 if decimals == 1 else 0),
        Unit.distance,
        decimals,
    ),
    st.integers(0, 999),
    st.integers(0, 99),
    st.integers(0, 2),
)
points = st.builds(lambda v: Mark(v, Unit.points, 0), st.integers(0, 99_999))


@given(st.one_of(times, distances, points))
def test_parse_of_format_is_identity(mark: Mark) -> None:
    assert parse_mark(format_mark(mark), mark.unit) == mark


@given(st.one_of(times, distances, points))
def test_normalize_is_idempotent(mark: Mark) -> None:
    text, value = normalize_mark(format_mark(mark), mark.unit)
    assert value == mark.value
    assert normalize_mark(text, mark.unit) == (text, value)
