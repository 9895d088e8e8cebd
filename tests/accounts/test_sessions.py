"""Logging in gives a new session key; logging out takes a POST; every logout is a form."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail

import uddannelsesby

from ..factories import UserFactory


@pytest.mark.django_db
def test_the_session_key_changes_at_login(client):
    UserFactory(username="ane")
    session = client.session
    session["language_hint"] = "da"  # a session that exists before the login
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key
    response = client.post("/konto/log-ind/", {"username": "ane", "password": "secret-pass-123"})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["language_hint"] == "da"  # what was in it is kept


@pytest.mark.django_db
def test_logout_takes_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/konto/log-ud/").status_code == 405
    assert "_auth_user_id" in client.session
    assert client.post("/konto/log-ud/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_every_logout_in_a_template_is_a_post_form():
    root = Path(uddannelsesby.__file__).parent
    found = 0
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text()
        for match in re.finditer(r"accounts:logout", text):
            found += 1
            opening = text.rfind("<", 0, match.start())
            tag = text[opening : text.find(">", match.end()) + 1]
            assert tag.startswith("<form"), f"{template}: {tag}"
            assert 'method="post"' in tag, f"{template}: {tag}"
    assert found >= 1


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client):
    UserFactory(email="ane@example.dk")
    known = client.post("/konto/nulstil/", {"email": "ane@example.dk"})
    unknown = client.post("/konto/nulstil/", {"email": "ingen@example.dk"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ane@example.dk"]


@pytest.mark.django_db
def test_a_reset_link_works_once(client):
    UserFactory(email="ane@example.dk")
    client.post("/konto/nulstil/", {"email": "ane@example.dk"})
    link = re.search(r"http://127.0.0.1:8000(/konto/nulstil/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    new = {"new_password1": "Et-nyt-kodeord-42", "new_password2": "Et-nyt-kodeord-42"}
    assert client.post(set_url, new).status_code == 302
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
