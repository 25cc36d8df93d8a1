"""Who finished ahead: finishers beat non-finishers; two non-finishers is no decision."""

import pytest

from app.core.enums import Status
from app.head_to_head.service import Result, ahead

OK, DNF, DQ, DNS = Status.ok, Status.dnf, Status.dq, Status.dns


@pytest.mark.parametrize(
    ("a", "b", "lower_is_better", "expected"),
    [
        (Result(1, 210_000, OK), Result(2, 210_500, OK), True, 1),
        (Result(5, 210_000, OK), Result(2, 210_500, OK), True, -1),
        (Result(3, None, OK), Result(None, None, DNF), True, 1),
        (Result(None, None, DQ), Result(12, 250_000, OK), True, -1),
        (Result(None, None, DNF), Result(None, None, DNS), True, 0),
        (Result(None, 210_000, OK), Result(None, 211_000, OK), True, 1),
        (Result(None, 8_950, OK), Result(None, 8_900, OK), False, 1),
        (Result(None, 8_900, OK), Result(None, 8_950, OK), False, -1),
        (Result(1, 2_370, OK), Result(1, 2_370, OK), False, 0),
        (Result(None, None, OK), Result(None, None, OK), True, 0),
    ],
)
def test_who_finished_ahead(a: Result, b: Result, lower_is_better: bool, expected: int) -> None:
    assert ahead(a, b, lower_is_better) == expected
    assert ahead(b, a, lower_is_better) == -expected
