"""Catalogue fixtures: institutions, programmes and events made through the services."""

import datetime
import itertools

from django.utils import timezone

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.catalogue import services
from uddannelsesby.catalogue.models import Event, Institution, Programme

from ..factories import OrganisationFactory

_numbers = itertools.count(1)


def make_institution(*, organisation: Organisation | None = None, **fields) -> Institution:
    n = next(_numbers)
    fields = {
        "name": f"Institution {n}",
        "kind": "university_college",
        "street_address": "Birk Centerpark 1",
        "postal_code": "7400",
        "city": "Herning",
        "website": "https://example.dk/",
    } | fields
    organisation = organisation or OrganisationFactory(kind=Organisation.Kind.INSTITUTION)
    return services.institution_create(actor=None, organisation=organisation, **fields)


def make_programme(institution: Institution | None = None, **fields) -> Programme:
    fields = {
        "title_da": "Markedsføringsøkonom",
        "title_en": "Marketing management",
        "level": "short_cycle",
        "field": "business",
        "duration_months": 24,
        "ects": 120,
        "language": "da",
        "intake_months": [9],
        "url": "https://example.dk/uddannelse",
    } | fields
    return services.programme_create(
        actor=None, institution=institution or make_institution(), **fields
    )


def make_event(*, days: int = 3, **fields) -> Event:
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    fields = {
        "title": "Introfest",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "place": "Studenterhuset",
        "organiser": "student_house",
    } | fields
    return services.event_create(actor=None, **fields)
