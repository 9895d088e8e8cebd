import pytest
from django.core.exceptions import ValidationError

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.catalogue import services
from uddannelsesby.catalogue.models import Institution

from ..factories import OrganisationFactory
from .helpers import make_event, make_institution, make_programme

pytestmark = pytest.mark.django_db


def test_an_institution_belongs_to_an_institution_organisation():
    with pytest.raises(ValidationError):
        make_institution(organisation=OrganisationFactory(kind=Organisation.Kind.COMPANY))
    institution = make_institution()
    with pytest.raises(ValidationError):
        make_institution(organisation=institution.organisation)
    assert Institution.objects.count() == 1


def test_slugs_are_unique_and_danish():
    first = make_programme(title_da="Markedsføringsøkonom")
    second = make_programme(title_da="Markedsføringsøkonom")
    assert first.slug == "markedsfoeringsoekonom"
    assert second.slug == "markedsfoeringsoekonom-2"


def test_intake_months_are_checked_and_sorted():
    assert make_programme(intake_months=[9, 2, 9]).intake_months == [2, 9]
    with pytest.raises(ValidationError):
        make_programme(intake_months=[13])


def test_an_event_cannot_end_before_it_starts():
    event = make_event()
    with pytest.raises(ValidationError):
        services.event_update(actor=None, event=event, ends_at=event.starts_at.replace(year=2000))


def test_blocks_move_and_pages_link_their_translation():
    danish = services.page_create(actor=None, language="da", title="Studer i Herning")
    english = services.page_create(
        actor=None, language="en", title="Study in Herning", translation=danish
    )
    danish.refresh_from_db()
    assert danish.translation == english
    first = services.block_create(actor=None, page=danish, kind="text", text="Et")
    second = services.block_create(actor=None, page=danish, kind="text", text="To")
    services.block_move(actor=None, block=second, step=-1)
    assert [b.text for b in danish.blocks.order_by("position")] == ["To", "Et"]
    services.block_move(actor=None, block=first, step=1)  # already last: nothing happens
    assert [b.text for b in danish.blocks.order_by("position")] == ["To", "Et"]
    with pytest.raises(ValidationError):
        services.block_create(actor=None, page=danish, kind="events")


def test_housing_ranges_are_checked():
    with pytest.raises(ValidationError):
        services.housing_create(
            actor=None, name="Kollegiet", street_address="Vej 1", postal_code="7400",
            city="Herning", rent_min=5000, rent_max=4000, size_min=20, size_max=30,
            waiting_list="Skriv dig op.",
        )  # fmt: skip


def test_the_demo_is_idempotent():
    from uddannelsesby.catalogue.demo import load_demo
    from uddannelsesby.catalogue.models import Event, Programme, StudyPage
    from uddannelsesby.catalogue.selectors import programme_search

    assert load_demo() is True
    assert load_demo() is False
    assert Institution.objects.count() == 5
    assert Programme.objects.count() >= 20
    assert Event.objects.count() >= 10
    assert set(StudyPage.objects.values_list("language", flat=True)) == {"da", "en"}
    found = {p.title_da for p in programme_search(text="datamatikere").programmes}
    assert found == {"Datamatiker"}
