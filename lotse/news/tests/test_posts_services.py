"""The news services: a draft, publishing (at once, or waiting for the release where a quarter
manager requires one), changing, withdrawing, releasing; and which news are current."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.core.models import Area, AuditEntry
from lotse.news.models import NewsPost, PublicationRule, PublicationStatus
from lotse.news.selectors_posts import current_news, release_queue, writing_organisations
from lotse.news.services_posts import (
    NewsStateRefused,
    newspost_create,
    newspost_publish,
    newspost_release,
    newspost_update,
    newspost_withdraw,
)

Status = PublicationStatus
pytestmark = pytest.mark.django_db


def _data(area, **fields) -> dict:
    return {
        "area": area,
        "title": "Neue Sprechzeiten",
        "body": "Ab Montag sind wir von 9 bis 12 Uhr für Sie da.",
        "easy_text": "Wir haben neue Zeiten.",
        "publish_at": timezone.now() - dt.timedelta(minutes=1),
        "expires_at": None,
        **fields,
    }


@pytest.fixture
def draft(provider_staff, provider_org, quarter) -> NewsPost:
    return newspost_create(actor=provider_staff, organisation=provider_org, data=_data(quarter))


def _review_required(area: Area) -> None:
    PublicationRule.objects.create(area=area, review_required=True)


def test_staff_write_a_draft_that_nobody_sees_yet(draft, provider_staff, quarter):
    assert draft.status == Status.DRAFT
    assert (draft.created_by, draft.area, draft.region_id) == (
        provider_staff,
        quarter,
        quarter.region_id,
    )
    assert list(current_news()) == []
    assert AuditEntry.objects.filter(target_id=str(draft.pk), verb="newspost.created").exists()


def test_publishing_shows_the_news_at_once_without_a_rule(draft, provider_staff, quarter):
    newspost_publish(actor=provider_staff, post=draft)

    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert list(current_news(area=quarter)) == [draft]


def test_publishing_waits_for_the_release_where_the_municipality_requires_one(
    draft, provider_staff, manager, quarter
):
    _review_required(quarter.parent)

    newspost_publish(actor=provider_staff, post=draft)

    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    assert list(current_news()) == []
    assert release_queue(actor=manager) == [draft]
    newspost_release(actor=manager, post=draft)
    draft.refresh_from_db()
    assert (draft.status, draft.reviewed_by) == (Status.PUBLISHED, manager)
    assert release_queue(actor=manager) == []


@pytest.mark.parametrize("persona", ["provider_staff", "office_staff", "resident", "outsider"])
def test_only_a_manager_of_the_area_releases(request, draft, provider_staff, quarter, persona):
    _review_required(quarter)
    newspost_publish(actor=provider_staff, post=draft)

    with pytest.raises(PermissionDenied):
        newspost_release(actor=request.getfixturevalue(persona), post=draft)

    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW


def test_releasing_a_news_item_that_does_not_wait_is_refused(draft, manager):
    with pytest.raises(NewsStateRefused):
        newspost_release(actor=manager, post=draft)


def test_changing_a_published_item_needs_the_release_again_where_required(
    draft, provider_staff, quarter
):
    newspost_publish(actor=provider_staff, post=draft)
    _review_required(quarter)

    newspost_update(actor=provider_staff, post=draft, data=_data(quarter, title="Geänderte Zeiten"))

    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Geänderte Zeiten", Status.IN_REVIEW)


def test_withdrawing_hides_the_news_and_publishing_again_shows_it(draft, provider_staff):
    newspost_publish(actor=provider_staff, post=draft)

    newspost_withdraw(actor=provider_staff, post=draft)
    assert list(current_news()) == []
    with pytest.raises(NewsStateRefused):
        newspost_withdraw(actor=provider_staff, post=draft)
    with pytest.raises(NewsStateRefused):
        newspost_update(actor=provider_staff, post=draft, data={"title": "Neu"})
    newspost_publish(actor=provider_staff, post=draft)

    assert list(current_news()) == [draft]


def test_publishing_twice_is_refused(draft, provider_staff):
    newspost_publish(actor=provider_staff, post=draft)

    with pytest.raises(NewsStateRefused, match="Veröffentlicht"):
        newspost_publish(actor=provider_staff, post=draft)


@pytest.mark.parametrize("persona", ["resident", "office_staff", "outsider", "helper"])
def test_only_the_organisations_staff_write_and_change(
    request, provider_org, quarter, draft, persona
):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        newspost_create(actor=actor, organisation=provider_org, data=_data(quarter))
    for change in (newspost_publish, newspost_withdraw):
        with pytest.raises(PermissionDenied):
            change(actor=actor, post=draft)

    assert NewsPost.objects.count() == 1


def test_the_region_coordinator_may_correct_news_of_the_region(draft, region_coordinator):
    newspost_update(actor=region_coordinator, post=draft, data={"title": "Korrigiert"})

    draft.refresh_from_db()
    assert draft.title == "Korrigiert"


def test_bad_input_is_refused_in_german_and_nothing_is_saved(provider_staff, provider_org, quarter):
    with pytest.raises(ValidationError) as caught:
        newspost_create(
            actor=provider_staff,
            organisation=provider_org,
            data=_data(quarter, title=" ", body="Text\x00", easy_text="x" * 5001),
        )

    errors = caught.value.message_dict
    assert errors["title"] == ["Geben Sie eine Überschrift ein"]
    assert errors["body"] == ["Der Text enthält ein unerlaubtes Zeichen"]
    assert NewsPost.objects.count() == 0


def test_expiry_before_publication_is_refused(provider_staff, provider_org, quarter):
    now = timezone.now()

    with pytest.raises(ValidationError) as caught:
        newspost_create(
            actor=provider_staff,
            organisation=provider_org,
            data=_data(quarter, publish_at=now, expires_at=now - dt.timedelta(days=1)),
        )

    assert "expires_at" in caught.value.message_dict


def test_news_for_an_area_of_another_region_is_refused(provider_staff, provider_org, outsider):
    foreign_region = outsider.memberships.get().organisation.region

    with pytest.raises(ValidationError) as caught:
        newspost_create(actor=provider_staff, organisation=provider_org, data=_data(foreign_region))

    assert caught.value.message_dict["area"] == ["Wählen Sie ein Gebiet in Ihrem Kreis"]


def test_current_news_are_those_whose_time_has_come_and_not_gone(
    provider_staff, provider_org, quarter
):
    now = timezone.now()

    def published(title, **fields):
        post = newspost_create(
            actor=provider_staff,
            organisation=provider_org,
            data=_data(quarter, title=title, **fields),
        )
        return newspost_publish(actor=provider_staff, post=post)

    older = published("Älter", publish_at=now - dt.timedelta(days=2))
    newer = published("Neuer", publish_at=now - dt.timedelta(hours=1))
    published("Morgen", publish_at=now + dt.timedelta(days=1))
    published(
        "Vorbei", publish_at=now - dt.timedelta(days=3), expires_at=now - dt.timedelta(seconds=1)
    )

    assert list(current_news(now=now)) == [newer, older]


def test_a_quarter_sees_its_own_its_municipalitys_and_its_regions_news(
    provider_staff, provider_org, quarter, region
):
    other = Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region_id=region.pk,
    )
    posts = {}
    for area in (quarter, quarter.parent, region, other):
        post = newspost_create(
            actor=provider_staff, organisation=provider_org, data=_data(area, title=area.name)
        )
        posts[area.slug] = newspost_publish(actor=provider_staff, post=post)

    assert set(current_news(area=quarter)) == {
        posts[quarter.slug],
        posts[quarter.parent.slug],
        posts[region.slug],
    }
    assert set(current_news(area=region)) == set(posts.values())
    assert set(current_news(area=quarter.parent)) == set(posts.values())


def test_the_organisations_a_staff_member_writes_for(
    provider_staff, provider_org, resident, manager
):
    assert writing_organisations(actor=provider_staff) == [provider_org]
    assert writing_organisations(actor=resident) == []
    assert writing_organisations(actor=None) == []
    assert [o.name for o in writing_organisations(actor=manager)] == ["Quartiersbüro Altstadt"]
