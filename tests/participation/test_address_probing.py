"""No public participation form tells whether an e-mail address is known (issue 19 §3).

Every public form that takes an e-mail address is posted twice, once with an address that has
data for the same thing already and once with a fresh one; the visitor must get the same answer.
"""

import re

import pytest
from django import forms
from django.core import mail
from django.test import Client

from uddannelsesby.participation import services, views
from uddannelsesby.participation.forms import EmailForm, RegistrationForm, ResponseForm
from uddannelsesby.participation.models import Registration

from .helpers import make_hearing, make_meeting, respond

pytestmark = pytest.mark.django_db

KNOWN = "karen@example.dk"
FRESH = "someone.else@example.dk"


def _answer(response, follow_client: Client) -> tuple:
    """What the visitor sees: status, where they are sent, the messages and the page text."""
    location = response.headers.get("Location", "")
    page = follow_client.get(location) if location else response
    shown = [str(m) for m in page.context["messages"]] if page.context else []
    text = page.content.decode()
    text = re.sub(r"[A-Za-z0-9_-]{32,}", "TOKEN", text)  # CSRF and one-time form tokens
    return response.status_code, location, shown, text


def _meeting_case():
    meeting = make_meeting(capacity=5)
    services.meeting_register(meeting=meeting, name="Karen", email=KNOWN)
    data = {"name": "Karen", "needs": "", "consent": "on", "website": ""}
    return meeting.get_absolute_url(), data


def _response_case():
    hearing = make_hearing()
    respond(hearing, email=KNOWN)
    data = {
        "anchor": "",
        "kind": "private",
        "name": "Karen",
        "organisation": "",
        "text": "Et godt udkast.",
        "consent": "on",
        "website": "",
    }
    return f"/deltag/hoeringer/{hearing.pk}/svar/", data


def _my_data_case():
    hearing = make_hearing()
    respond(hearing, email=KNOWN)
    return "/deltag/mine-data/", {}


CASES = {RegistrationForm: _meeting_case, ResponseForm: _response_case, EmailForm: _my_data_case}


def test_every_public_form_with_an_address_is_walked():
    public = {
        value
        for value in vars(views).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and any(isinstance(f, forms.EmailField) for f in value.base_fields.values())
    }
    assert public == set(CASES)


@pytest.mark.parametrize("form", list(CASES), ids=lambda f: f.__name__)
def test_known_and_fresh_addresses_get_the_same_answer(form, django_capture_on_commit_callbacks):
    url, data = CASES[form]()
    answers = []
    for email in (KNOWN, FRESH):
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data | {"email": email})
        answers.append(_answer(response, client))
    known, fresh = answers
    assert known[:3] == fresh[:3]
    assert known[0] in (200, 302)
    if form is not RegistrationForm:  # the meeting page counts its free seats
        assert known[3] == fresh[3]


def test_a_second_registration_keeps_one_and_tells_the_address(
    client, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=5)
    first = services.meeting_register(meeting=meeting, name="Karen", email=KNOWN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.meeting_register(meeting=meeting, name="K.", email=KNOWN.upper())
    assert again == first
    assert Registration.objects.filter(meeting=meeting).count() == 1
    assert [m.to for m in mail.outbox] == [[KNOWN]]
    assert mail.outbox[0].subject.startswith("Du er allerede tilmeldt")
    assert "Du var allerede tilmeldt" in mail.outbox[0].body
