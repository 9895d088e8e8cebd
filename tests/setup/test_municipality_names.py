"""A municipality is found by its name as people type it, not only by Statistics Denmark's
code; its code drives the comparison; another municipality's contact details never stay."""

import pytest
from django.core.exceptions import ValidationError

from uddannelsesby.accounts.models import Role
from uddannelsesby.core.services import site_settings_save
from uddannelsesby.core.site import site_settings
from uddannelsesby.indicators.areas import municipalities
from uddannelsesby.setup.services import comparison_for, municipality_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Høje-Taastrup", "169"), ("høje taastrup kommune", "169"), ("HØJE-TÅSTRUP", "169"),
        ("Lyngby-Tårbæk", "173"), ("lyngby taarbæk kommune", "173"), ("Ærø", "492"),
        ("Aeroe", "492"), ("Åbenrå", "580"), ("aabenraa kommune", "580"),
        ("Brønderslev", "810"), ("Brønderslev-Dronninglund", "810"), ("Fanø", "563"),
        ("fanoe", "563"), ("Læsø Kommune", "825"), ("København", "101"),
        ("Københavns Kommune", "101"), ("Frederiksberg", "147"),
        ("Bornholms Regionskommune", "400"), ("Nordfyn", "480"), ("Vesthimmerland", "820"),
        ("Århus", "751"), ("0657", "657"), (" 657 ", "657"),
    ],
)  # fmt: skip
def test_a_municipality_by_its_name_as_typed(typed, code):
    assert municipality_for(typed).code == code


def test_every_municipality_is_found_by_its_own_name_and_with_kommune():
    for area in municipalities():
        assert municipality_for(area.name).code == area.code
        assert municipality_for(f"{area.name.lower()} kommune").code == area.code


@pytest.mark.parametrize(
    ("typed", "said"),
    [("Christiansø", "Christiansø"), ("Region Hovedstaden", "Region Hovedstaden"),
     ("Herningg", "Herningg"), ("411", "Christiansø")],
)  # fmt: skip
def test_what_is_no_municipality_is_said_plainly(typed, said):
    with pytest.raises(ValidationError) as error:
        municipality_for(typed)
    assert said in error.value.messages[0]


@pytest.fixture
def admin_client(client, user_for_role):
    client.force_login(user_for_role(Role.ADMIN))
    return client


@pytest.mark.parametrize("url", ["/opsaetning/ny-kommune/", "/opsaetning/"])
def test_the_name_can_be_typed_in_the_field_of_every_setup_form(admin_client, url):
    page = admin_client.get(url).content.decode()
    field = page.split('id="id_code"')[0].rsplit("<input", 1)[1] + page.split('id="id_code"')[1]
    assert 'maxlength="3"' not in field.split(">", 1)[0]
    assert 'inputmode="numeric"' not in field.split(">", 1)[0]


def test_onboarding_by_a_name_typed_in_lower_case(admin_client):
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(
        "/opsaetning/ny-kommune/",
        {"code": "høje taastrup kommune", "name": "høje-taastrup kommune", "place_name": ""},
        follow=True,
    )
    site = site_settings()
    assert (site.code, site.name, site.place_name) == (
        "169",
        "Høje-Taastrup Kommune",
        "Høje-Taastrup",
    )
    assert "address, e-mail and phone for the footer" in response.content.decode()


def test_a_name_typed_with_capitals_is_kept_as_typed(admin_client):
    admin_client.post("/opsaetning/ny-kommune/", {"code": "147", "name": "Frederiksberg kommune"})
    assert site_settings().name == "Frederiksberg kommune"


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_unknown_name_is_explained_beside_the_field_and_kept(admin_client, language):
    admin_client.cookies["django_language"] = language
    response = admin_client.post("/opsaetning/ny-kommune/", {"code": "Lyngby", "name": "Lyngby"})
    assert response.status_code == 400
    beside = response.content.decode().split('id="id_code-error"')[1][:500]
    assert ("Tjek stavningen" if language == "da" else "Check the spelling") in beside
    assert 'value="Lyngby"' in response.content.decode()


def test_another_municipalitys_contact_details_do_not_stay(admin_client):
    site_settings_save(
        actor=None, code="657", name="Herning Kommune", address="Torvet 5, 7400 Herning",
        email="kommunen@herning.dk", phone="96 28 28 28",
    )  # fmt: skip
    admin_client.post("/opsaetning/ny-kommune/", {"code": "Ærø", "name": "Ærø Kommune"})
    site = site_settings()
    assert (site.code, site.address, site.email, site.phone) == ("492", "", "", "")


def test_onboarding_the_same_municipality_again_keeps_its_contact_details(admin_client):
    site_settings_save(actor=None, code="492", name="Ærø Kommune", email="post@aeroekommune.dk")
    admin_client.post("/opsaetning/ny-kommune/", {"code": "492", "name": "Ærø Kommune"})
    assert site_settings().email == "post@aeroekommune.dk"


@pytest.mark.parametrize(
    ("code", "region", "neighbours"),
    [
        ("101", "84", {"147", "157", "159", "163", "167", "175", "185"}),  # the capital
        ("147", "84", {"101"}),  # inside the capital
        ("492", "83", {"479"}),  # Ærø: the ferry to Svendborg
        ("825", "81", {"813"}),  # Læsø: the ferry to Frederikshavn
        ("400", "84", set()),  # Bornholm: none
    ],
)
def test_the_comparison_of_an_island_and_the_capital(code, region, neighbours):
    comparison = comparison_for(municipality_for(code))
    assert comparison.region.code == region
    assert {area.code for area in comparison.neighbours} == neighbours
    assert comparison.area.code not in neighbours


def test_the_settings_page_takes_the_name_and_saves_the_code(admin_client):
    data = {"name": "Lyngby-Taarbæk Kommune", "place_name": "Lyngby", "code": "lyngby-tårbæk",
            "address": "", "email": "", "phone": "", "theme": "neutral"}  # fmt: skip
    response = admin_client.post("/opsaetning/", data)
    assert response.status_code == 302
    assert site_settings().code == "173"
    page = admin_client.get("/opsaetning/").content.decode()
    assert 'value="173"' in page
    assert "Gentofte (157)" in page
