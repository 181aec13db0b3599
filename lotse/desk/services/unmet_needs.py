"""Unmet needs: no suitable offer exists, noted for planning without personal data."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, require
from lotse.desk.models import Inquiry, UnmetNeed
from lotse.desk.services.inquiries import check_quarter
from lotse.directory.models import TaxonomyTerm


@transaction.atomic
def unmet_need_record(
    *,
    actor: Actor,
    organisation: Organisation,
    topic: TaxonomyTerm,
    quarter: Area | None = None,
    note: str = "",
    inquiry: Inquiry | None = None,
) -> UnmetNeed:
    """No suitable offer exists: noted for planning, without personal data."""
    require(actor, "desk.add_unmetneed", organisation)
    assert actor is not None
    if inquiry is not None and inquiry.organisation_id != organisation.pk:
        raise ValidationError({"inquiry": _("Wählen Sie ein Anliegen aus Ihrem Büro")})
    if quarter is None and inquiry is not None:
        quarter = inquiry.quarter
    check_quarter(quarter, organisation)
    need = UnmetNeed(
        organisation=organisation,
        region_id=organisation.region_id,
        quarter=quarter,
        topic=topic,
        note=note.strip(),
        inquiry=inquiry,
        recorded_by=actor,
    )
    need.full_clean()
    need.save(force_insert=True)
    audit_record(actor=actor, verb="unmet_need.recorded", target=need)
    return need
