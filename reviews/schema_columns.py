"""The review's answer columns and their checks, made from the schema (reviews/schema.py): one
column per question of a one-to-one section on Review, one per question of a repeatable section
on its table, and a check constraint per choice column that the database enforces. The tables
themselves are in reviews/models.py."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.validators import MaxValueValidator
from django.db import models

from reviews import schema


def model_field(question: schema.Question) -> models.Field:
    """The database column that holds the answers to one question."""
    options: dict = {"verbose_name": question.label}
    if question.validators:
        options["validators"] = list(question.validators)
    optional = not question.required
    match question.kind:
        case schema.Kind.CHOICE:
            options |= {"max_length": 32, "choices": question.value_set}
            if optional:
                options["default"] = question.default
            return models.CharField(**options)
        case schema.Kind.CHOICES:
            return models.JSONField(default=list, blank=True, **options)
        case schema.Kind.TEXT:
            return models.CharField(max_length=question.max_length, blank=optional, **options)
        case schema.Kind.NOTES:
            return models.TextField(blank=True, max_length=question.max_length, **options)
        case schema.Kind.DATE:
            return models.DateField(null=optional, blank=optional, **options)
        case schema.Kind.PARTIAL_DATE:
            # "2019", "2019-03" or "2019-03-14" (reviews.facts.dates); null when not known.
            return models.CharField(max_length=10, null=True, blank=True, **options)
        case schema.Kind.COUNT:
            if question.maximum is not None:
                options["validators"] = [
                    *options.get("validators", ()),
                    MaxValueValidator(question.maximum),
                ]
            return models.PositiveSmallIntegerField(null=optional, blank=optional, **options)
        case schema.Kind.DOSE:
            validators = [MaxValueValidator(question.maximum)] if question.maximum else []
            return models.DecimalField(
                max_digits=8,
                decimal_places=2,
                null=optional,
                blank=optional,
                validators=validators,
                **options,
            )
    raise ValueError(f"no column for {question.kind}")


class Answers(models.Model):
    """A table whose answer columns reviews.schema declares (see answers_model)."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # The type checker cannot see columns made from the schema at run time.
        def __getattr__(self, name: str) -> Any: ...


def answers_model(name: str, columns: Iterable[tuple[str, schema.Question]]) -> type[Answers]:
    """An abstract model with one column per question: the tables inherit their answers from
    the schema rather than list them again."""
    attrs: dict = {
        "__module__": "reviews.models",  # the app's models module: its app label
        "Meta": type("Meta", (), {"abstract": True}),
    }
    attrs |= {column: model_field(question) for column, question in columns}
    return type(name, (Answers,), attrs)


class CodeConstraint(models.CheckConstraint):
    """A column holds only codes of its value set.

    Model validation skips it: the forms' choice fields have refused any other code already, and
    checking it again in Python would cost a query per column on every save.
    """

    def validate(self, model, instance, exclude=None, using=None):
        return None


def valid_codes(
    table: str, columns: Iterable[tuple[str, schema.Question]]
) -> list[models.BaseConstraint]:
    """One constraint per choice column: every stored code is one of its value set's, so a
    hand-made request or a bug elsewhere can never leave a value that the forms, the summary or
    an export would then refuse."""
    return [
        CodeConstraint(
            condition=models.Q(**{f"{column}__in": question.value_set.values}),
            name=f"{table}_{column}_valid",
        )
        for column, question in columns
        if question.kind is schema.Kind.CHOICE and question.value_set is not None
    ]


def row_columns(rows: schema.Rows) -> Iterable[tuple[str, schema.Question]]:
    return ((question.key, question) for question in rows.questions)


if TYPE_CHECKING:

    class ReviewAnswers(Answers):
        class Meta:
            abstract = True

    class SeverityScoreAnswers(Answers):
        class Meta:
            abstract = True

    class MedicationTrialAnswers(Answers):
        class Meta:
            abstract = True

    class PsychotherapyAnswers(Answers):
        class Meta:
            abstract = True

    class ProcedureAnswers(Answers):
        class Meta:
            abstract = True
else:
    ReviewAnswers = answers_model("ReviewAnswers", schema.review_columns())
    SeverityScoreAnswers = answers_model(
        "SeverityScoreAnswers", row_columns(schema.SEVERITY_SCORES)
    )
    MedicationTrialAnswers = answers_model(
        "MedicationTrialAnswers", row_columns(schema.MEDICATION_TRIALS)
    )
    PsychotherapyAnswers = answers_model(
        "PsychotherapyAnswers", row_columns(schema.PSYCHOTHERAPIES)
    )
    ProcedureAnswers = answers_model("ProcedureAnswers", row_columns(schema.PROCEDURES))
