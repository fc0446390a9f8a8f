"""Importing a review in the §5 format (interchange.py): check a file, write nothing.

Import is strict about structure (no unknown keys, JSON types as the format has them) and then
hands every section and row to the very forms of the web walk-through, so a file can hold
nothing the screens would refuse. `LAYOUT` pairs each part of schema.PARTS with the form that
checks it. Nothing here writes; `services.import_review` does.
"""

import datetime
import json
import math
import re
from dataclasses import dataclass
from typing import Any, TypeGuard, cast

from django import forms as django_forms
from django.core.exceptions import ValidationError

from reviews import answer_forms, row_forms, schema
from reviews.choices import SCALE_RANGES, Scale
from reviews.exports.interchange import FORMAT, FORMAT_VERSION, TOP_LEVEL_KEYS, upgrade_v1
from reviews.facts import dates
from reviews.steps import STEPS, step_showing


@dataclass(frozen=True)
class Rows:
    """A repeatable section of schema.PARTS with the row form that checks it."""

    part: schema.Rows
    form: type[row_forms.RowForm]

    @property
    def name(self) -> str:
        return self.part.key

    @property
    def keys(self) -> tuple[str, ...]:
        return self.part.keys


@dataclass(frozen=True)
class Section:
    """A one-to-one section of schema.PARTS with the step form that checks it."""

    part: schema.Section
    form: type[django_forms.ModelForm]
    rows: tuple[Rows, ...] = ()

    @property
    def name(self) -> str | None:
        return self.part.key

    @property
    def keys(self) -> tuple[str, ...]:
        return self.part.keys

    def column(self, key: str) -> str:
        return f"{self.name}_{key}" if self.name else key


def _checked(part: schema.Section | schema.Rows) -> Section | Rows:
    if isinstance(part, schema.Rows):
        return Rows(part, row_forms.ROW_FORMS[part])
    nested = tuple(Rows(rows, row_forms.ROW_FORMS[rows]) for rows in part.rows)
    return Section(part, answer_forms.SECTION_FORMS[part], nested)


# The whole format after "format" and "format_version", in its key order.
LAYOUT: tuple[Section | Rows, ...] = tuple(_checked(part) for part in schema.PARTS)
VISIT = LAYOUT[0]


class InvalidReviewData(Exception):
    """The data is not a review in the §5 format. `errors` names every problem found, each with
    its dotted key and the value the data holds there."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ParsedReview:
    """A valid review, ready to write."""

    fields: dict[str, Any]  # Review column → cleaned value, for every section column
    rows: dict[str, list[dict[str, Any]]]  # related name → cleaned rows, in the data's order
    completed_steps: tuple[str, ...]  # slugs of the steps whose part the data holds


def parse_review(data: object) -> ParsedReview:
    """Check data in the §5 format with the walk-through's forms; write nothing.

    Keys left out take the model's default ("unknown", "not_assessed", empty, null). Raises
    InvalidReviewData listing every problem.
    """
    if not isinstance(data, dict):
        raise InvalidReviewData([f"top level: {_shown(data)} is not an object"])
    errors = _header_errors(data)
    if errors:
        # Another format, or a newer version: checking its keys would only add noise.
        raise InvalidReviewData(errors)
    if data["format_version"] == 1:
        data = upgrade_v1(data)
    _check_keys(data, TOP_LEVEL_KEYS, "", errors)

    fields: dict[str, Any] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    visit_date = None
    for part in LAYOUT:
        if isinstance(part, Rows):
            given = data.get(part.name, [])
            rows[part.name] = _clean_rows(part, given, part.name, visit_date, errors)
        else:
            columns, nested = _clean_section(part, data, visit_date, errors)
            fields.update(columns)
            rows.update(nested)
        if part is VISIT:
            visit_date = fields.get("visit_date")  # every later date is checked against it
    if errors:
        raise InvalidReviewData(errors)
    return ParsedReview(fields=fields, rows=rows, completed_steps=_completed_steps(data))


def _header_errors(data: dict) -> list[str]:
    errors = []
    if "format" not in data:
        errors.append("missing key 'format'")
    elif data["format"] != FORMAT:
        errors.append(f"format: {_shown(data['format'])} is not {FORMAT!r}")
    version = data.get("format_version")
    if "format_version" not in data:
        errors.append("missing key 'format_version'")
    elif not _is_integer(version):
        errors.append(f"format_version: {_shown(version)} is not a whole number")
    elif version > FORMAT_VERSION:
        errors.append(
            f"format_version: {version} is newer than this version of TRD Review reads "
            f"(up to {FORMAT_VERSION})"
        )
    elif version < 1:
        errors.append(f"format_version: {version} is not a version of the format (the first is 1)")
    return errors


def _check_keys(values: dict, known: tuple[str, ...], prefix: str, errors: list[str]) -> None:
    errors.extend(f"unknown key {_path(prefix, key)!r}" for key in values if key not in known)


def _clean_section(
    section: Section, data: dict, visit_date: datetime.date | None, errors: list[str]
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The section's cleaned columns and nested rows (as far as they clean)."""
    if section.name is None:
        values = data  # top-level keys; unknown ones were reported with the top level
    else:
        values = data.get(section.name, {})
        if not isinstance(values, dict):
            errors.append(f"{section.name}: {_shown(values)} is not an object")
            return {}, {}
        known = (*section.keys, *(rows.name for rows in section.rows))
        _check_keys(values, known, section.name, errors)
    prefix = section.name or ""
    names = {key: section.column(key) for key in section.keys}
    columns = _clean_object(section.form, values, names, prefix, visit_date, errors)
    nested = {
        rows.name: _clean_rows(
            rows, values.get(rows.name, []), _path(prefix, rows.name), visit_date, errors
        )
        for rows in section.rows
    }
    return columns, nested


def _clean_rows(
    rows: Rows, given: object, path: str, visit_date: datetime.date | None, errors: list[str]
) -> list[dict[str, Any]]:
    if not isinstance(given, list):
        errors.append(f"{path}: {_shown(given)} is not a list")
        return []
    if len(given) > answer_forms.MAX_ROWS:
        errors.append(
            f"{path}: {len(given)} rows, more than the {answer_forms.MAX_ROWS} a section holds"
        )
        return []
    cleaned = []
    for index, row in enumerate(given):
        row_path = f"{path}[{index}]"
        if not isinstance(row, dict):
            errors.append(f"{row_path}: {_shown(row)} is not an object")
            continue
        _check_keys(row, rows.keys, row_path, errors)
        names = {key: key for key in rows.keys}
        cleaned.append(_clean_object(rows.form, row, names, row_path, visit_date, errors))
    return cleaned


def _clean_object(
    form_class: type[django_forms.ModelForm],
    values: dict,
    names: dict[str, str],
    prefix: str,
    visit_date: datetime.date | None,
    errors: list[str],
) -> dict[str, Any]:
    """Feed one JSON object to a form of the walk-through; return the form's cleaned data.

    `names` maps each JSON key to the form field it fills. A key left out gets the model field's
    default, as a new review has it on screen. When the form finds a problem, the cleaned data
    holds only the fields that passed (a valid visit date still serves to check later dates).
    """
    model_meta = form_class._meta.model._meta
    data: dict[str, Any] = {}
    wrong_type = set()
    for key, name in names.items():
        if key not in values:
            data[name] = model_meta.get_field(name).get_default()
            continue
        try:
            _check_type(form_class.base_fields[name], values[key])
        except _WrongType as problem:
            errors.append(f"{_path(prefix, key)}: {problem}")
            wrong_type.add(name)  # reported already; the form would only add "required"
        else:
            data[name] = values[key]

    kwargs: dict[str, Any] = (
        {"visit_date": visit_date} if issubclass(form_class, answer_forms.ReviewDatesMixin) else {}
    )
    form = form_class(data, **kwargs)
    keys = {name: key for key, name in names.items()}
    for name, field_errors in form.errors.as_data().items():
        if name in wrong_type:
            continue
        form_key = keys.get(name)  # None for an error of the whole form
        path = _path(prefix, form_key) if form_key else prefix or "top level"
        given = form_key in values
        errors.extend(_message(form, name, error, path, given) for error in field_errors)
    return form.cleaned_data


class _WrongType(Exception):
    """A JSON value of another type than the format has for its key."""


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _check_type(field: django_forms.Field, value: object) -> None:
    """Raise _WrongType unless the JSON value has the type the format has for the form field.

    Forms read strings and would turn "20" or true into a number; the format asks for JSON's own
    types. null stands for "not known" where a number or date is asked.
    """
    if isinstance(field, answer_forms.PartialDateField):
        # The format's three forms only: the looser forms a hand may type are the page's.
        if value is not None and not (isinstance(value, str) and dates.PATTERN.fullmatch(value)):
            raise _WrongType(f"{_shown(value)} is not a date ({dates.FORMATS})")
    elif isinstance(field, django_forms.MultipleChoiceField):
        if not isinstance(value, list):
            raise _WrongType(f"{_shown(value)} is not a list")
        for item in value:
            if not isinstance(item, str):
                raise _WrongType(f"{_shown(item)} is not one of {_codes(field)}")
    elif isinstance(field, django_forms.ChoiceField):
        if not isinstance(value, str):
            raise _WrongType(f"{_shown(value)} is not one of {_codes(field)}")
    elif isinstance(field, django_forms.CharField):
        if not isinstance(value, str):
            raise _WrongType(f"{_shown(value)} is not text")
    elif value is None:
        pass
    elif isinstance(field, django_forms.DateField):
        if not (isinstance(value, str) and ISO_DATE.fullmatch(value) and _is_date(value)):
            raise _WrongType(f"{_shown(value)} is not a date (YYYY-MM-DD)")
    elif isinstance(field, django_forms.DecimalField):
        # NaN and Infinity: Python's json reads them, though JSON has no such numbers.
        if not _is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
            raise _WrongType(f"{_shown(value)} is not a number")
    elif isinstance(field, django_forms.IntegerField) and not _is_integer(value):
        raise _WrongType(f"{_shown(value)} is not a whole number")


def _is_integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is no number


def _is_number(value: object) -> bool:
    return _is_integer(value) or isinstance(value, float)


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _message(
    form: django_forms.BaseForm, name: str, error: ValidationError, path: str, given: bool
) -> str:
    """A form's error as an import message: the dotted key, the value as written, the problem.

    The forms word their messages for a person at the screen; the codes say which rule fired.
    """
    if name not in form.fields:  # an error of the whole form: no single value to show
        return f"{path}: {' '.join(error.messages)}"
    params = error.params or {}
    value = _shown(form.data.get(name))
    match error.code:
        case "required":
            return f"{path}: a value is needed, not {value}" if given else f"missing key {path!r}"
        case "invalid_choice":
            # For a list of codes, the one item that is not a code.
            return f"{path}: {_shown(params['value'])} is not one of {_codes(form.fields[name])}"
        case "max_value":
            return f"{path}: {value} is above the highest accepted value, {params['limit_value']}"
        case "min_value":
            return f"{path}: {value} is below the lowest accepted value, {params['limit_value']}"
        case "max_length":
            return f"{path}: {value} is longer than {params['limit_value']:,} characters"
        case "max_digits" | "max_whole_digits" | "max_decimal_places":
            places = {"max_decimal_places": "decimal places", "max_whole_digits": "whole digits"}
            return (
                f"{path}: {value} has more than {params['max']} {places.get(error.code, 'digits')}"
            )
        case "invalid" if isinstance(form.fields[name], answer_forms.PartialDateField):
            return f"{path}: {value} is not a date ({dates.FORMATS})"
        case "date_too_early" | "date_after_visit" | "date_in_future" | "end_before_start":
            return _date_message(form, error.code, path, value)
        case "score_out_of_range":
            scale = form.cleaned_data["scale"]
            low, high = SCALE_RANGES[scale]
            return f"{path}: {value} is outside {Scale(scale).label}'s range {low}–{high}"
        case "dose_not_positive":
            return f"{path}: {value} is not above 0 mg/day"
        case "record_as_procedure":
            return (
                f"{path}: {value} is {params['medicine']}, recorded under procedures, not as a "
                f"medication trial: add it to 'procedures' with kind {params['kind']!r}"
            )
        case "class_required":
            drug = _shown(form.cleaned_data.get("drug"))
            return f"{path}: no class is given and {drug} is not in the list of known drugs"
    return f"{path}: {value}: {' '.join(error.messages)}"


def _date_message(form: django_forms.BaseForm, code: str, path: str, value: str) -> str:
    """A date's error as an import message, naming the visit date where it bounds the date."""
    if code == "date_after_visit":
        visit_date = cast(answer_forms.ReviewDatesMixin, form).visit_date
        return f"{path}: {value} is after the visit date ({visit_date:%Y-%m-%d})"
    return {
        "date_too_early": f"{path}: {value} is before 1900",
        "date_in_future": f"{path}: {value} is in the future",
        "end_before_start": f"{path}: the end date is before the start date",
    }[code]


def _codes(field: django_forms.Field) -> str:
    # Django has normalised a choice field's choices to (code, label) pairs by now; the stubs type
    # the attribute as everything its setter accepts.
    choices = cast(list[tuple[object, object]], getattr(field, "choices", []))
    codes = [str(code) for code, _label in choices if code != ""]
    # §5 lists "unknown" last; the screens offer it first.
    codes.sort(key=lambda code: code == "unknown")
    return ", ".join(codes)


def _shown(value: object) -> str:
    """A value as the data has it, cut short when long: strings quoted, anything else as JSON."""
    if isinstance(value, str):
        if len(value) <= 60:
            return repr(value)
        return f"{value[:40]!r}… ({len(value):,} characters)"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else f"{text[:57]}…"


def _path(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _completed_steps(data: dict) -> tuple[str, ...]:
    """The steps whose part of the format the data holds: the visit always, a section when its
    key is there (an empty list of rows says "none", which is an answer)."""
    given = set()
    for part in LAYOUT:
        if part.name is None:
            present = any(key in data for key in part.keys)
        elif isinstance(part, Rows):
            present = part.name in data
        else:
            present = bool(data.get(part.name))
        if present:
            given.add(step_showing(part.part).slug)
    return tuple(step.slug for step in STEPS if step.slug in given)
