"""An activity's page shows its change history: who changed what, when, in words people read."""

import datetime
from decimal import Decimal

import pytest

from uddannelsesby.core.models import HistoryEntry
from uddannelsesby.plans import services

from .helpers import make_activity, make_plan


@pytest.fixture
def changed_activity(editor):
    editor.first_name, editor.last_name = "Rikke", "Redaktør"
    editor.save()
    plan = make_plan()
    activity = make_activity(plan, title="Mentorordning", budget=Decimal(100000))
    services.activity_update(
        actor=editor,
        activity=activity,
        status="started",
        starts_on=datetime.date(2026, 1, 15),
        budget=Decimal(1250000),
        description="Ny\r\nbeskrivelse",
    )
    return activity


@pytest.mark.django_db
def test_the_history_says_who_changed_what_and_when_in_danish(client, changed_activity):
    page = client.get(changed_activity.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da")
    html = page.content.decode()
    history = html[html.index('id="history-heading"') :]
    assert "Ændringshistorik" in history
    assert '<th scope="col">Hvornår</th>' in history
    assert "Rikke Redaktør" in history
    assert "Status: Planlagt" in history
    assert "15. januar 2026" in history
    assert "100.000" in history
    assert "1.250.000" in history
    assert "Ny beskrivelse" in history  # on one line
    assert "Oprettede aktiviteten" in history or "Created the activity" in history


@pytest.mark.django_db
def test_the_history_in_english(client, changed_activity):
    client.cookies["django_language"] = "en"
    html = client.get(changed_activity.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content
    history = html.decode()[html.decode().index('id="history-heading"') :]
    assert "Change history" in history
    assert "Status: Planned" in history
    assert "Started" in history
    assert "Start: (empty)" in history
    assert "15 January 2026" in history or "15. January 2026" in history
    assert "changed to" in history  # the arrow, for screen readers


@pytest.mark.django_db
def test_an_activity_without_history_says_so(client):
    activity = make_activity(make_plan())
    HistoryEntry.objects.all().delete()
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Ingen ændringer registreret endnu." in html
