"""A create form posted twice (a double tap) makes one record; a refused post frees its token."""

import pytest

from uddannelsesby.core.idempotency import TOKEN_FIELD
from uddannelsesby.core.models import FormToken
from uddannelsesby.policies.models import Policy

from ..formreader import main_form

URL = "/politikker/redaktion/ny/"


def _browser_data(client, url):
    page = client.get(url)
    assert page.status_code == 200
    data = main_form(page.content.decode(), url).data()
    assert data.get(TOKEN_FIELD), "the form carries no one-time token"
    return data


@pytest.mark.django_db
def test_a_new_policy_posted_twice_is_created_once(editor_client):
    data = _browser_data(editor_client, URL) | {"title": ["Ungepolitik"]}
    first = editor_client.post(URL, data)
    second = editor_client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Policy.objects.filter(title="Ungepolitik").count() == 1
    assert FormToken.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_post_frees_its_token(editor_client):
    data = _browser_data(editor_client, URL)
    refused = editor_client.post(URL, data | {"title": [""]})
    assert refused.status_code in (200, 400)
    assert not FormToken.objects.exists()
    saved = editor_client.post(URL, data | {"title": ["Ungepolitik"]})
    assert saved.status_code == 302
    assert Policy.objects.filter(title="Ungepolitik").count() == 1


@pytest.mark.django_db
def test_a_post_without_token_is_saved_as_before(editor_client):
    editor_client.post(URL, {"title": "A", "sector": "education"})
    editor_client.post(URL, {"title": "A", "sector": "education"})
    assert Policy.objects.filter(title="A").count() == 2


@pytest.mark.django_db
def test_a_saved_search_posted_twice_is_saved_once(client):
    from uddannelsesby.accounts.models import Role
    from uddannelsesby.core.idempotency import new_token

    from ..factories import UserFactory

    user = UserFactory(role=Role.REGISTERED)
    client.force_login(user)
    page = client.get("/bro/?q=python")
    assert 'name="form_token"' in page.content.decode()
    data = {"name": "Python", "q": "python", TOKEN_FIELD: new_token()}
    first = client.post("/bro/soegninger/gem/", data)
    second = client.post("/bro/soegninger/gem/", data)
    assert second["Location"] == first["Location"]
    assert user.saved_searches.count() == 1
