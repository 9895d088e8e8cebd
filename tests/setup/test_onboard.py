"""Onboarding a municipality in one step, from the command line and from the admin page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from uddannelsesby.accounts.models import Role
from uddannelsesby.core.models import SiteSettings
from uddannelsesby.core.site import site_settings
from uddannelsesby.indicators.catalogue import load_catalogue
from uddannelsesby.indicators.models import Indicator
from uddannelsesby.indicators.selectors import site_area
from uddannelsesby.policies.models import Policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, user_for_role):
    client.force_login(user_for_role(Role.ADMIN))
    return client


def onboard(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("onboard", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("code", "name", "region", "neighbours", "said"),
    [
        # Region Midtjylland, five neighbours on land.
        ("657", "Herning Kommune", "82", {"661", "740", "756", "760", "791"}, "Ikast-Brande"),
        # Region Nordjylland.
        ("851", "Aalborg Kommune", "81", None, "Region Nordjylland"),
        # Region Hovedstaden, an island without any neighbour.
        ("400", "Bornholms Regionskommune", "84", set(), "none on land"),
        # Region Syddanmark, an island whose ferry sails to Esbjerg.
        ("563", "Fanø Kommune", "83", {"561"}, "Esbjerg"),
    ],
)
def test_onboard_sets_the_site_up(code, name, region, neighbours, said):
    out = onboard("--kommune", code, "--name", name)
    site = site_settings()
    assert (site.code, site.name, site.saved) == (code, name, True)
    area = site_area()
    assert (area.code, area.region) == (code, region)
    if neighbours is not None:
        assert set(area.neighbours) == neighbours
    assert said in out
    assert Indicator.objects.count() == len(load_catalogue().indicators)
    assert f"{len(load_catalogue().indicators)} in the catalogue" in out


def test_onboard_takes_the_place_name_from_the_list_unless_given():
    onboard("--kommune", "741", "--name", "Samsø Kommune")
    assert site_settings().place_name == "Samsø"
    onboard("--kommune", "741", "--name", "Samsø Kommune", "--place", "Tranebjerg")
    assert site_settings().place_name == "Tranebjerg"
    assert SiteSettings.objects.count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("411", "411 is Christiansø, which is not a municipality"),
        ("0411", "411 is Christiansø"),
        ("999", "999 is not the code of one of Denmark's 98 municipalities"),
        ("84", "84 is not the code of one of Denmark's 98 municipalities"),
        ("0", "0 is not the code"),
        ("65 7", "up to three digits"),
        ("6570", "up to three digits"),
    ],
)
def test_onboard_refuses_codes_that_are_no_municipality(code, message):
    with pytest.raises(CommandError, match=message):
        onboard("--kommune", code, "--name", "Et eller andet")
    assert not SiteSettings.objects.exists()
    assert not Indicator.objects.exists()


def test_onboard_refuses_an_empty_name():
    with pytest.raises(CommandError, match="name"):
        onboard("--kommune", "657", "--name", "  ")
    assert not SiteSettings.objects.exists()


def test_onboard_with_a_policy_file_that_is_missing(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        onboard("--kommune", "657", "--name", "Herning", "--policy", str(tmp_path / "x.docx"))
    assert not SiteSettings.objects.exists()


POLICY_TEXT = """Kulturpolitik

Kultur for alle i hele kommunen.

Vision

Kulturen samler os.

1. Kulturliv for børn og unge

Vi vil give alle børn mødet med kunst.
"""


def test_onboard_imports_policies_as_drafts(tmp_path):
    path = tmp_path / "kulturpolitik.txt"
    path.write_text(POLICY_TEXT, encoding="utf-8")
    out = onboard("--kommune", "400", "--name", "Bornholm", "--policy", str(path))
    policy = Policy.objects.get()
    assert policy.status == Policy.Status.DRAFT
    assert not policy.versions.exists()
    assert policy.title in out


# --- the same as a page for administrators ---------------------------------------------------


def test_onboard_page(admin_client):
    page = admin_client.get("/opsaetning/ny-kommune/")
    assert page.status_code == 200
    response = admin_client.post("/opsaetning/ny-kommune/", {"code": "400", "name": "Bornholm"})
    assert response.status_code == 302
    assert response["Location"] == "/opsaetning/"
    assert (site_settings().code, site_settings().place_name) == ("400", "Bornholm")
    settings_page = admin_client.get("/opsaetning/").content.decode()
    assert "No neighbouring municipality" in settings_page or "Ingen nabokommune" in settings_page
    assert Indicator.objects.count() == len(load_catalogue().indicators)


@pytest.mark.parametrize(
    ("language", "then"),
    [
        ("da", "Se derefter de importerede politikker:"),
        ("en", "Then look at the imported policies:"),
    ],
    ids=["da", "en"],
)
def test_onboard_page_links_the_message_to_the_imported_policies(admin_client, language, then):
    admin_client.cookies["django_language"] = language
    upload = SimpleUploadedFile("kultur.txt", POLICY_TEXT.encode(), content_type="text/plain")
    response = admin_client.post(
        "/opsaetning/ny-kommune/",
        {"code": "400", "name": "Bornholm", "policies": [upload]},
        follow=True,
    )
    policy = Policy.objects.get()
    alert = response.content.decode().split('class="alert-text">')[1].split("</p>")[0]
    assert then in alert
    assert f'<a href="/politikker/redaktion/{policy.slug}/">Kulturpolitik</a>.' in alert


def test_onboard_page_without_policies_says_only_what_was_set_up(admin_client):
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(
        "/opsaetning/ny-kommune/", {"code": "400", "name": "Bornholm"}, follow=True
    )
    alert = response.content.decode().split('class="alert-text">')[1].split("</p>")[0]
    assert alert == (
        "The site is set up for the municipality. Check the settings below. Add the "
        "municipality&#x27;s address, e-mail and phone for the footer."
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_onboard_page_explains_christiansoe_next_to_the_field(admin_client, language):
    admin_client.cookies["django_language"] = language
    response = admin_client.post("/opsaetning/ny-kommune/", {"code": "411", "name": "Christiansø"})
    assert response.status_code == 400
    beside = response.content.decode().split('id="id_code-error"')[1][:500]
    assert "Christiansø" in beside
    assert ("ikke er en kommune" if language == "da" else "not a municipality") in beside
    assert 'value="Christiansø"' in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_onboard_passes_each_file_to_the_importer(tmp_path):
    idraet = "<html><body><h1>Idrætspolitik</h1><h2>Vision</h2><p>Alle kan være med.</p>" + (
        "<h2>1. Idræt for alle</h2><p>Vi vil åbne hallerne.</p></body></html>"
    )
    paths = []
    for name, text in [("kultur.txt", POLICY_TEXT), ("idraet.html", idraet)]:
        paths += ["--policy", str(tmp_path / name)]
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = onboard("--kommune", "563", "--name", "Fanø Kommune", *paths)
    assert set(Policy.objects.values_list("title", "status")) == {
        ("Kulturpolitik", "draft"), ("Idrætspolitik", "draft"),
    }  # fmt: skip
    assert "Policy imported as a draft: Kulturpolitik" in out


def test_onboard_changes_nothing_when_one_file_cannot_be_read(tmp_path):
    (tmp_path / "god.txt").write_text(POLICY_TEXT, encoding="utf-8")
    (tmp_path / "tom.docx").write_bytes(b"  ")
    with pytest.raises(CommandError, match=r"tom\.docx: The file is empty"):
        onboard(
            "--kommune", "563", "--name", "Fanø Kommune",
            "--policy", str(tmp_path / "god.txt"), "--policy", str(tmp_path / "tom.docx"),
        )  # fmt: skip
    assert not Policy.objects.exists()
    assert not SiteSettings.objects.exists()


def test_onboard_page_takes_a_pasted_tab_in_the_name_as_a_space(admin_client):
    response = admin_client.post(
        "/opsaetning/ny-kommune/", {"code": "563", "name": "Fanø\tKommune", "place_name": ""}
    )
    assert response.status_code == 302
    assert site_settings().name == "Fanø Kommune"
