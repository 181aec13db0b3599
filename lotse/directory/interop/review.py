"""Placeholder organisations an import made (sync.py) and their review: the list staff see
under "Angebote pflegen", and the confirmation that removes the mark. Whoever may import into
a region reviews its placeholders."""

import uuid

from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404

from lotse.accounts.models import User
from lotse.core.audit import audit_record
from lotse.core.permissions import require
from lotse.directory.interop.importer import import_region_list
from lotse.directory.models import OrganisationReview


def placeholder_review_list(*, actor: User) -> QuerySet[OrganisationReview]:
    """The marked placeholders of the regions the actor may import into, oldest first, with
    the number of offers and locations that hang on each."""
    regions = [r.id for r in import_region_list(actor=actor)]
    return (
        OrganisationReview.objects.filter(organisation__region_id__in=regions)
        .select_related("organisation")
        .annotate(
            offers=Count("organisation__services", distinct=True),
            places=Count("organisation__locations", distinct=True),
        )
        .order_by("created_at", "organisation__name")
    )


def access_placeholder_review(actor: User, review_id: uuid.UUID) -> OrganisationReview:
    """A mark the actor may confirm; any other id answers 404, whether it exists or not."""
    review = (
        OrganisationReview.objects.select_related("organisation__region")
        .filter(id=review_id)
        .first()
    )
    if review is None or not actor.has_perm(
        "directory.import_directory", review.organisation.region
    ):
        raise Http404
    return review


@transaction.atomic
def placeholder_review_done(*, actor: User, review: OrganisationReview) -> None:
    """Staff have looked at the placeholder (and, for instance, moved its offers or asked the
    source for the organisation): the mark goes, the organisation stays."""
    require(actor, "directory.import_directory", review.organisation.region)
    organisation = review.organisation
    review.delete()
    audit_record(
        actor=actor,
        verb="directory.placeholder_reviewed",
        target=organisation,
        note=review.source_ref,
    )
