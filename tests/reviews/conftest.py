import pytest

from reviews import services
from tests.reviews.samples import blank_review, rich_review


@pytest.fixture
def rich(clinician):
    """The rich sample review (five trials, therapies, procedures), imported as a draft."""
    return services.import_review(data=rich_review(), by=clinician)


@pytest.fixture
def blank(clinician):
    """A review with nothing recorded yet, imported as a draft."""
    return services.import_review(data=blank_review(), by=clinician)
