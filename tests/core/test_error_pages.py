"""The error pages are the site's own: its layout, Danish and English, and a way on."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from uddannelsesby.accounts.models import Role
from uddannelsesby.config import urls as project_urls
from uddannelsesby.core import views

from ..factories import UserFactory


def _raise_suspicious(request):
    raise SuspiciousOperation("bad")


def _raise_denied(request):
    raise PermissionDenied


def _raise_error(request):
    raise RuntimeError("boom")


# A URL conf with the project's pages and handlers plus views that fail on purpose.
urlpatterns = [
    path("test-400/", _raise_suspicious),
    path("test-403/", _raise_denied),
    path("test-500/", _raise_error),
    *project_urls.urlpatterns,
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500

TITLES = {
    400: {"da": "Forespørgslen kunne ikke forstås", "en": "The request could not be understood"},
    403: {"da": "Du har ikke adgang til denne side", "en": "You do not have access to this page"},
    404: {"da": "Siden blev ikke fundet", "en": "The page was not found"},
    500: {"da": "Der gik noget galt hos os", "en": "Something went wrong on our side"},
}
WAY_ON = {"da": "Gå til forsiden", "en": "Go to the front page"}
LAYOUT = ['class="skipnav"', 'id="main-content"', "<footer>", 'href="/uddannelser/"']


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def _assert_own_page(response, status, language):
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{TITLES[status][language]}</h1>" in html
    assert WAY_ON[language] in html
    assert settings.SITE_MUNICIPALITY["email"] in html  # a way to contact the municipality
    for part in LAYOUT:
        assert part in html
    assert "Traceback" not in html
    assert "Django" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
@override_settings(ROOT_URLCONF=__name__)
def test_each_error_page_is_the_sites_own(language):
    client = Client(raise_request_exception=False)
    _assert_own_page(_get(client, "/test-400/", language), 400, language)
    _assert_own_page(_get(client, "/test-403/", language), 403, language)
    _assert_own_page(_get(client, "/der-findes-ikke/", language), 404, language)
    _assert_own_page(_get(client, "/test-500/", language), 500, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_real_403_404_and_bad_host_pages(client, language):
    _assert_own_page(_get(client, "/handleplaner/aktivitet/999999/", language), 404, language)
    _assert_own_page(
        client.get("/", HTTP_HOST="evil.example"), 400, language
    )  # DisallowedHost is a SuspiciousOperation
    client.force_login(UserFactory(role=Role.REGISTERED))
    _assert_own_page(_get(client, "/politikker/redaktion/", language), 403, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_csrf_failure_is_the_sites_own_and_explains(language):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/konto/log-ind/", {"username": "x", "password": "y"})
    _assert_own_page(response, 403, language)
    hint = {"da": "Intet er gemt", "en": "Nothing has been saved"}[language]
    assert hint in response.content.decode()


@pytest.mark.django_db
def test_the_500_page_cannot_fail(monkeypatch):
    """Even when the layout cannot be rendered, a plain page with the same words answers."""
    from django.test import RequestFactory

    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert TITLES[500]["da"] in response.content.decode()


def test_make_run_serves_without_debug_unless_asked(monkeypatch):
    """`make run` uses the dev settings: debug off unless DJANGO_DEBUG=1."""
    import importlib

    import uddannelsesby.config.settings.dev as dev

    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    assert importlib.reload(dev).DEBUG is False
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    assert importlib.reload(dev).DEBUG is True
    monkeypatch.delenv("DJANGO_DEBUG")
    importlib.reload(dev)
