"""What review_pdf and review_summary share: the review an id names, and which sheet to give
with which options (every sheet and option of reviews.printing.registry)."""

from django.core.management.base import CommandError

from reviews.models import Review
from reviews.printing import registry
from reviews.printing.sheet import SheetKind


def add_sheet_arguments(parser) -> None:
    """--sheet NAME and each sheet's options (--descriptions, --for TREATMENT, …)."""
    parser.add_argument("--sheet", choices=list(registry.sheets()), default=registry.DEFAULT)
    for option in registry.all_options().values():
        if option.is_switch:
            parser.add_argument(
                option.command_flag, dest=option.name, action="store_true", help=option.help
            )
        else:
            parser.add_argument(
                option.command_flag,
                dest=option.name,
                choices=sorted(option.choices),
                default=option.default,
                help=option.help,
            )


def sheet_and_options(options: dict) -> tuple[SheetKind, dict[str, str | bool]]:
    """The sheet the command was asked for and its options; CommandError for an unknown one."""
    try:
        kind = registry.sheet_named(options.get("sheet"))
    except KeyError:
        raise CommandError(f"--sheet must be one of {', '.join(registry.sheets())}") from None
    return kind, kind.chosen(options)


def review_named(review_id: int) -> Review:
    """The review with this id, with what its header shows; CommandError when there is none."""
    review = Review.objects.select_related("clinician", "practice").filter(pk=review_id).first()
    if review is None:
        raise CommandError(f"no review with id {review_id}")
    return review
