"""Site settings: stored in the database, environment variables as defaults, cached, edited by
an administrator in the product; the kommune code decides whom the indicators compare with."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from uddannelsesby.accounts.models import Role
from uddannelsesby.core.models import HistoryEntry, SiteSettings
from uddannelsesby.core.services import site_settings_save
from uddannelsesby.core.site import site_settings
from uddannelsesby.indicators.selectors import site_area

from ..samples import image_bytes

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Fanø Kommune",
    "place_name": "Fanø",
    "code": "563",
    "address": "Skolevej 5-7, 6720 Fanø",
    "email": "fanoe@example.dk",
    "phone": "76 66 01 00",
    "theme": "borgerdk",
}


@pytest.fixture
def admin_client(client, user_for_role):
    client.force_login(user_for_role(Role.ADMIN))
    return client


def test_without_a_row_the_environment_is_the_default(settings):
    settings.SITE_MUNICIPALITY = {"name": "Prøve Kommune", "code": "101", "email": "a@b.dk"}
    cache.clear()
    site = site_settings()
    assert (site.name, site.code, site.email, site.saved) == (
        "Prøve Kommune",
        "101",
        "a@b.dk",
        False,
    )
    assert site.place_name == "Prøve"
    assert site["code"] == "101"  # read like the old settings dict


def test_read_from_the_cache_after_at_most_one_query():
    site_settings_save(actor=None, **VALID)
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert site_settings().name == "Fanø Kommune"
    with CaptureQueriesContext(connection) as second:
        assert site_settings().name == "Fanø Kommune"
    assert len(first.captured_queries) == 1
    assert len(second.captured_queries) == 0


def test_saving_forgets_the_cached_settings_and_keeps_history():
    assert site_settings().name == "Herning Kommune"  # cached
    row = site_settings_save(actor=None, **VALID)
    assert site_settings().name == "Fanø Kommune"
    assert site_settings().saved
    site_settings_save(actor=None, name="Fanø")
    assert site_settings().name == "Fanø"
    assert SiteSettings.objects.count() == 1
    actions = list(HistoryEntry.objects.filter(object_id=row.pk).values_list("action", flat=True))
    assert len(actions) == 2
    entry = HistoryEntry.objects.filter(object_id=row.pk).first()
    assert entry.changes["name"] == ["Fanø Kommune", "Fanø"]


def test_unknown_fields_are_refused():
    with pytest.raises(TypeError):
        site_settings_save(actor=None, colour="red")


def test_the_kommune_code_decides_neighbours_and_region():
    assert site_area().code == "657"
    assert set(site_area().neighbours) == {"661", "740", "756", "760", "791"}
    site_settings_save(actor=None, code="563")  # Fanø: the ferry to Esbjerg
    assert (site_area().code, site_area().region, site_area().neighbours) == ("563", "83", ("561",))
    site_settings_save(actor=None, code="400")  # Bornholm: no neighbour
    assert (site_area().region, site_area().neighbours) == ("84", ())


def test_pages_show_the_settings_name_contact_and_theme(client):
    site_settings_save(actor=None, **VALID)
    html = client.get("/").content.decode()
    assert "Fanø Kommune" in html
    assert "fanoe@example.dk" in html
    assert "dkfds-borgerdk.min" in html
    assert "Herning Kommune" not in html


def test_study_in_takes_the_place_name(client):
    site_settings_save(actor=None, **VALID)
    assert "Studér i Fanø" in client.get("/uddannelser/studer-i-herning/").content.decode()


def test_settings_page_saves_and_changes_the_comparison(admin_client):
    page = admin_client.get("/opsaetning/")
    assert page.status_code == 200
    assert "Herning Kommune" in page.content.decode()
    response = admin_client.post("/opsaetning/", VALID)
    assert response.status_code == 302
    page = admin_client.get("/opsaetning/").content.decode()
    assert "Esbjerg" in page
    assert "Region Syddanmark" in page
    assert site_settings().theme == "borgerdk"


@pytest.mark.parametrize(
    ("code", "danish", "english"),
    [
        ("411", "Christiansø", "Christiansø, which is not a municipality"),
        ("999", "ikke koden for en af Danmarks 98 kommuner", "is not the code of one of"),
        ("82", "ikke koden for en af Danmarks 98 kommuner", "is not the code of one of"),
        ("abc", "Tjek stavningen", "Check the spelling"),  # not a name either
        ("65 7", "højst tre cifre", "up to three digits"),
    ],
)
def test_a_wrong_code_is_explained_next_to_the_field(admin_client, code, danish, english):
    for language, expected in (("da", danish), ("en", english)):
        admin_client.cookies["django_language"] = language
        response = admin_client.post("/opsaetning/", VALID | {"code": code})
        assert response.status_code == 400
        html = response.content.decode()
        assert expected in html.split('id="id_code-error"')[1][:500]
        assert 'value="Fanø Kommune"' in html  # what was typed is kept
    assert not SiteSettings.objects.exists()


def test_a_logo_is_kept_served_and_removable(admin_client, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG", size=(40, 20)), "image/png")
    response = admin_client.post("/opsaetning/", VALID | {"logo": logo})
    assert response.status_code == 302
    site = site_settings()
    assert site.logo.startswith("site/")
    assert site.logo_url.startswith("/logo/?v=")
    html = client.get("/").content.decode()
    assert site.logo_url.replace("&", "&amp;") in html or site.logo_url in html
    served = client.get("/logo/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    admin_client.post("/opsaetning/", VALID | {"logo-clear": "on"})
    assert site_settings().logo == ""
    assert client.get("/logo/").status_code == 404


def test_a_logo_that_is_no_image_is_refused_next_to_the_field(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    with translation.override("da"):
        response = admin_client.post("/opsaetning/", VALID | {"logo": bad})
    assert response.status_code == 400
    beside = response.content.decode().split('id="id_logo-error"')[1][:300]
    assert "kode til en webside" in beside
    assert not SiteSettings.objects.exists()


def test_a_tab_or_line_break_pasted_into_a_one_line_setting_becomes_a_space(admin_client):
    data = VALID | {
        "name": "Fanø\tKommune",
        "place_name": " Nordby\r\nFanø ",
        "phone": "76\t66 01 00",
    }
    assert admin_client.post("/opsaetning/", data).status_code == 302
    site = site_settings()
    assert (site.name, site.place_name, site.phone) == (
        "Fanø Kommune",
        "Nordby Fanø",
        "76 66 01 00",
    )
