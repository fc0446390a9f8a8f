"""`with_zone`: a moment as a reader takes it in, with the time zone it is told in.

"27 Nov 2026, 14:05 UTC": every page and the PDF tell times in the project's TIME_ZONE
(settings; DJANGO_TIME_ZONE), whatever zone is active, and say which it is, so a time read on a
printout or by a colleague elsewhere is not taken for their own clock.
"""

import datetime

from django import template
from django.utils import dateformat, timezone

register = template.Library()

FORMATS = {
    "minutes": "j M Y, H:i T",
    "seconds": "j M Y, H:i:s T",  # the audit trail, where events a few seconds apart are told apart
}


@register.filter
def with_zone(value: datetime.datetime | None, precision: str = "minutes") -> str:
    """The moment in settings.TIME_ZONE with the zone's abbreviation ("UTC", "GMT", "BST");
    `precision` is "minutes" (the default) or "seconds". Empty for no moment."""
    if not isinstance(value, datetime.datetime):
        return ""
    local = timezone.localtime(value, timezone.get_default_timezone())
    return dateformat.format(local, FORMATS.get(precision, FORMATS["minutes"]))
