"""The looser forms a hand may type into a date field, and the one form the page and the file
write (reviews/facts/dates.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from reviews.answer_forms import PartialDateField
from reviews.facts.dates import PartialDate, as_written


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("20240301", "2024-03-01"),
        ("2024-3-1", "2024-03-01"),
        ("2024/3/1", "2024-03-01"),
        (" 2024.03.01 ", "2024-03-01"),
        ("2024-3", "2024-03"),
        ("2024", "2024"),
        ("2024-03-01", "2024-03-01"),
        # Left as typed, for the parser to refuse: no year first, or a month with no day.
        ("01/03/2024", "01/03/2024"),
        ("240301", "240301"),
        ("202403", "202403"),
    ],
)
def test_a_typed_date_is_written_the_one_way(typed, written):
    assert as_written(typed) == written


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_any_day_typed_without_dashes_reads_as_that_day(day):
    assert PartialDate.parse(as_written(day.strftime("%Y%m%d"))).text == day.isoformat()
    assert as_written(f"{day.year}-{day.month}-{day.day}") == day.isoformat()


def test_the_form_field_takes_the_typed_forms_and_refuses_the_rest():
    field = PartialDateField(required=False)
    assert field.clean("20240301") == "2024-03-01"
    assert field.clean("2024-3") == "2024-03"
    for refused in ("20240230", "01/03/2024", "2024-13"):
        with pytest.raises(ValidationError, match="Enter a date as YYYY, YYYY-MM or YYYY-MM-DD"):
            field.clean(refused)
