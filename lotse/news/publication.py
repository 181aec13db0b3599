"""Whether what is published for an area needs a manager's release first: a PublicationRule of
the area or of an area above it says so (a rule for a municipality covers its quarters)."""

from lotse.core.models import Area
from lotse.news.models import PublicationRule, PublicationStatus
from lotse.news.rules import area_chain


def release_required(area: Area) -> bool:
    return PublicationRule.objects.filter(
        area_id__in=area_chain(area), review_required=True
    ).exists()


def status_on_publish(area: Area) -> str:
    """The state an event or news item takes when its organiser publishes it."""
    return PublicationStatus.IN_REVIEW if release_required(area) else PublicationStatus.PUBLISHED
