"""The public pages: search with and without htmx, JSON-LD, the calendar feed, open data, forms."""

import csv
import io
import json
import re

import pytest
from django.utils import translation
from icalendar import Calendar

from uddannelsesby.catalogue import services
from uddannelsesby.catalogue.models import Programme

from .helpers import make_event, make_institution, make_programme

pytestmark = pytest.mark.django_db
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(response) -> dict:
    (block,) = JSON_LD.findall(response.content.decode())
    return json.loads(block)


def test_the_search_page_lists_and_filters_without_javascript(client):
    via = make_institution(name="VIA")
    make_programme(via, title_da="Sygeplejerske", level="professional_bachelor", field="health")
    make_programme(title_da="Datamatiker", field="it")
    response = client.get("/uddannelser/", {"q": "sygeplejersker", "field": "health"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sygeplejerske" in page
    assert "Datamatiker" not in page
    assert 'name="field" value="health"' in page
    assert re.search(r"Health|Sundhed", page)


def test_htmx_gets_only_the_search_section(client):
    make_programme(title_da="Datamatiker", field="it")
    response = client.get(
        "/uddannelser/?field=it", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="programme-search"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="programme-search"')
    assert "<html" not in body
    assert "Datamatiker" in body


def test_bad_filter_values_and_pages_never_fail(client):
    make_programme()
    for query in ["?level=x&institution=abc", "?side=999", "?side=x", "?q=" + "a" * 500]:
        assert client.get("/uddannelser/" + query).status_code == 200


def test_search_results_are_paginated(client):
    institution = make_institution()
    for n in range(25):
        make_programme(institution, title_da=f"Uddannelse {n:02d}")
    first = client.get("/uddannelser/?q=uddannelser").content.decode()
    second = client.get("/uddannelser/?q=uddannelser&side=2").content.decode()
    assert "Uddannelse 00" in first
    assert "Uddannelse 24" not in first
    assert "Uddannelse 24" in second


def test_the_programme_page_has_schema_org_json_ld(client):
    programme = make_programme(ects=120, admission="En gymnasial eksamen.")
    data = jsonld(client.get(programme.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["provider"]["@type"] == "CollegeOrUniversity"
    assert data["provider"]["address"]["@type"] == "PostalAddress"
    assert data["numberOfCredits"]["value"] == 120
    assert data["timeToComplete"] == "P24M"


def test_institution_and_event_pages_have_json_ld(client):
    institution = make_institution()
    assert jsonld(client.get(institution.get_absolute_url()))["@type"] == "CollegeOrUniversity"
    event = make_event(institution=institution, price=0)
    data = jsonld(client.get(event.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["isAccessibleForFree"] is True
    assert data["organizer"]["@type"] == "CollegeOrUniversity"


def test_json_ld_cannot_end_the_script_block(client):
    programme = make_programme(title_da="</script><script>alert(1)</script>")
    body = client.get(programme.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
    assert jsonld(client.get(programme.get_absolute_url()))["name"].startswith("</script>")


def test_the_programme_page_shows_the_english_title_in_english(client):
    programme = make_programme(title_da="Sygeplejerske", title_en="Nursing")
    client.get("/sprog/en/")
    body = client.get(programme.get_absolute_url()).content.decode()
    assert "<h1>Nursing" in body


def test_the_calendar_feed_follows_the_filter(client):
    make_event(title="Concert", language="en")
    make_event(title="Koncert", language="da")
    response = client.get("/uddannelser/begivenheder/kalender.ics?language=en")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Concert"]


def test_past_events_are_not_listed(client):
    make_event(title="Gammel fest", days=-10)
    make_event(title="Kommende fest", days=2)
    body = client.get("/uddannelser/begivenheder/").content.decode()
    assert "Kommende fest" in body
    assert "Gammel fest" not in body


@pytest.mark.parametrize("name", ["institutioner", "uddannelser", "boliger", "begivenheder"])
def test_open_data_as_csv_and_json(client, name):
    make_programme(intake_months=[2, 9])
    make_event()
    services.housing_create(
        actor=None, name="Kollegiet", street_address="Vej 1", postal_code="7400",
        city="Herning", rent_min=3000, rent_max=4000, size_min=20, size_max=30,
        waiting_list="Skriv dig op.",
    )  # fmt: skip
    data = json.loads(client.get(f"/uddannelser/data/{name}.json").content)
    assert len(data) == 1
    text = client.get(f"/uddannelser/data/{name}.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1
    if name == "uddannelser":
        assert rows[0]["intake_months"] == "2|9"
        assert data[0]["intake_months"] == [2, 9]
        assert rows[0]["disced"] == "H40"


def test_an_unknown_data_set_is_not_found(client):
    assert client.get("/uddannelser/data/brugere.json").status_code == 404


def test_every_level_maps_to_a_disced_level():
    assert {Programme.DISCED[level] for level in Programme.Level} == {
        "H20", "H30", "H40", "H50", "H60", "H70", "H80",
    }  # fmt: skip


def test_form_errors_answer_400_and_keep_the_input(editor_client):
    institution = make_institution()
    response = editor_client.post(
        "/uddannelser/uddannelse/ny/",
        {"institution": institution.pk, "title_da": "Min uddannelse", "duration_months": "x"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    with translation.override("da"):
        assert translation.gettext("Error:") in body
    assert 'value="Min uddannelse"' in body


def test_an_editor_creates_a_programme_with_history(editor_client):
    from uddannelsesby.core.models import HistoryEntry

    institution = make_institution()
    response = editor_client.post(
        "/uddannelser/uddannelse/ny/",
        {
            "institution": institution.pk, "title_da": "Datamatiker", "level": "short_cycle",
            "field": "it", "duration_months": "30", "language": "da", "intake_months": ["9", "2"],
            "url": "https://example.dk/datamatiker",
        },
    )  # fmt: skip
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    assert programme.intake_months == [2, 9]
    entry = HistoryEntry.objects.filter(object_id=programme.pk, content_type__model="programme")
    assert entry.get().actor is not None


def test_a_study_page_is_built_from_blocks(editor_client):
    programme = make_programme(title_da="Sygeplejerske", title_en="Nursing")
    event = make_event(title="Introfest")
    page = services.page_create(actor=None, language="en", title="Study in Herning")
    for data in [
        {"kind": "text", "heading": "Why Herning", "text": "Close to **companies**."},
        {"kind": "programmes", "heading": "Programmes", "programmes": [programme.pk]},
        {"kind": "events", "heading": "Events", "events": [event.pk]},
    ]:
        response = editor_client.post(f"/uddannelser/studer-i-herning/{page.slug}/blokke/ny/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
    body = editor_client.get(page.get_absolute_url()).content.decode()
    assert body.index("Why Herning") < body.index("Nursing") < body.index("Introfest")
    assert "<strong>companies</strong>" in body
    empty = editor_client.post(
        f"/uddannelser/studer-i-herning/{page.slug}/blokke/ny/", {"kind": "programmes"}
    )
    assert empty.status_code == 400


def test_the_events_filter_is_applied(client):
    make_event(title="Picnic i parken", price=0)
    make_event(title="Gallafest", price=50)
    body = client.get("/uddannelser/begivenheder/?free=on").content.decode()
    assert "Picnic i parken" in body
    assert "Gallafest" not in body


@pytest.mark.parametrize("kind", ["programme", "event"])
def test_a_delete_posted_twice_answers_as_the_first(editor_client, kind):
    """A double click on "Delete": the second post is told what the first was (the thing is
    deleted), not "page not found"."""
    from tests.formreader import main_form

    if kind == "programme":
        url = f"{make_programme().get_absolute_url()}slet/"
    else:
        url = f"/uddannelser/begivenheder/{make_event().pk}/slet/"
    form = main_form(editor_client.get(url).content.decode(), url)
    data = {k: v[0] for k, v in form.data().items()}
    assert data.get("form_token")
    first = editor_client.post(url, data)
    again = editor_client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
