"""The municipality's address never carries a stranger's words to an unconfirmed inbox.

Nobody confirms an address before a hearing response, a meeting registration, a request for
personal data or a bridge account: whoever types the address may be someone else. So an e-mail
that can go to such an address holds only what the municipality (or a verified, reviewed
party) wrote, never what the sender typed (issue 19, section 5).

One test walks every e-mail template in the product: each must be listed below with who can
make it go out and which fields it may print. It renders the template with a context in which
every value names its own path, and fails on any printed path not allowed. Other tests send the
real receipts with a long text and look for it in the outbox.
"""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.template.loader import render_to_string

import uddannelsesby
from uddannelsesby.participation import services

from .helpers import make_hearing, make_meeting

SRC = Path(uddannelsesby.__file__).parent

# Fields nobody but the municipality or a reviewed, verified party writes. Anything else printed
# in an e-mail to an unconfirmed address fails the test.
SAFE = {
    "url",
    "data_url",
    "cancel_url",
    "site_url",
    "path",  # a link the product makes
    "hearing.title",
    "hearing.target_groups",
    "hearing.version.policy.title",
    "meeting.title",
    "meeting.place",
    "meeting.address",
    "application.opportunity.title",  # published only after an editor's review
    "application.opportunity.employer.organisation.name",  # a verified employer
    "application.get_absolute_url",
    "application.get_status_display",
    "opportunity.title",
    "opportunity.get_absolute_url",
    "opportunity.review_note",
    "employer.refusal_reason",  # written by an editor
    "result.position.opportunity.title",
    "round.name",
    "round.get_absolute_url",
    "new.title",
    "new.employer.organisation.name",
    "new.get_absolute_url",  # published
    "reason",  # the allocation's own explanation
    "application.events.last.note",  # a verified employer's note on the application
    "pdf_url",
    "title",  # follow: the title of the followed policy, plan, hearing, meeting or indicator
    "policy.title",  # an adopted policy, sent on request
    "version.number",
}

# Every e-mail template, with who makes it go out to which address.
TEMPLATES = {
    # Sent to an address typed by whoever fills in a public form: nothing they wrote.
    "participation/email/receipt.txt": "unconfirmed",
    "participation/email/receipt_subject.txt": "unconfirmed",
    "participation/email/registration.txt": "unconfirmed",
    "participation/email/registration_subject.txt": "unconfirmed",
    "participation/email/data_link.txt": "unconfirmed",
    "participation/email/data_link_subject.txt": "unconfirmed",
    # Bridge accounts are made without confirming the address.
    "bridge/email/application_received.txt": "unconfirmed",
    "bridge/email/application_new.txt": "unconfirmed",
    "bridge/email/application_moved.txt": "unconfirmed (the note: a verified employer's)",
    "bridge/email/application_student_moved.txt": "unconfirmed",
    "bridge/email/deadline_soon.txt": "unconfirmed",
    "bridge/email/follow_up.txt": "unconfirmed",
    "bridge/email/mentor_assigned.txt": "unconfirmed",
    "bridge/email/mentor_not_assigned.txt": "unconfirmed",
    "bridge/email/opportunity_published.txt": "unconfirmed",
    "bridge/email/opportunity_rejected.txt": "unconfirmed",
    "bridge/email/round_result.txt": "unconfirmed",
    "bridge/email/saved_search.txt": "unconfirmed",
    # The organisation's name is the registrant's, read by the editor who decides.
    "bridge/email/signup_confirm.txt": "unconfirmed",
    "bridge/email/signup_exists.txt": "unconfirmed",
    # Following without an account: the confirmation goes to the typed address, and so does
    # the adopted policy a visitor asks for; notices and digests only to confirmed addresses.
    "follow/email/confirm.txt": "unconfirmed",
    "follow/email/confirm_subject.txt": "unconfirmed",
    "follow/email/policy.txt": "unconfirmed",
    "follow/email/policy_subject.txt": "unconfirmed",
    "follow/email/notice.txt": "confirmed addresses and account holders",
    "follow/email/notice_subject.txt": "confirmed addresses and account holders",
    "follow/email/digest.txt": "confirmed addresses and account holders",
    "follow/email/digest_subject.txt": "confirmed addresses and account holders",
    "bridge/email/round_allocated.txt": "a verified employer's contacts, after the round",
    "bridge/email/employer_verified.txt": "after an editor's decision",
    "bridge/email/employer_refused.txt": "after an editor's decision",
    # Written and addressed by staff.
    "participation/email/invitation.txt": "staff",
    "participation/email/invitation_subject.txt": "staff",
    "plans/email/reminder.txt": "staff",
    "plans/email/reminder_subject.txt": "staff",
    "registration/password_reset_email.txt": "account holder, no text of theirs",
    "registration/password_reset_subject.txt": "account holder, no text of theirs",
}


def _all_templates() -> set[str]:
    """Every plain-text template that is, or is the subject of, an e-mail."""
    found = set()
    for path in SRC.glob("*/templates/**/*.txt"):
        relative = path.as_posix().split("/templates/", 1)[1]
        if "email" in relative or "mail" in path.name or "subject" in path.name:
            found.add(relative)
    return found


DATES = {"created_at", "starts_at", "ends_at", "ends_on", "deadline", "update_due_on"}


class Probe:
    """A value that prints its own path, so the rendered text shows which fields it used."""

    def __init__(self, path: str, equal: bool):
        self._path, self._equal = path, equal

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in ("pk", "id"):
            return 1
        if name in DATES:
            return datetime.datetime(2026, 1, 2, 10, 0, tzinfo=datetime.UTC)
        return Probe(f"{self._path}.{name}", self._equal)

    def __getitem__(self, key):  # templates try item lookup before attributes
        if not isinstance(key, str):
            raise TypeError(key)
        return self.__getattr__(key)

    def __call__(self):
        return self

    def __str__(self):
        return f"[[{self._path}]]"

    def __iter__(self):
        return iter([self])

    def __eq__(self, other):
        return self._equal

    def __hash__(self):
        return 0

    def __bool__(self):
        return True

    def __int__(self):
        return 2

    __index__ = __int__


class Everything(dict):
    def __init__(self, equal: bool):
        super().__init__()
        self._equal = equal

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        numbers = {"applicants": 2, "days": 7, "more": 3}  # counted with {% plural %}
        return (numbers | {"full": self._equal}).get(key, Probe(key, self._equal))


def test_every_email_template_is_classified():
    assert _all_templates() == set(TEMPLATES)


@pytest.mark.parametrize("template", sorted(t for t, a in TEMPLATES.items() if "unconf" in a))
def test_unconfirmed_addresses_get_no_text_of_the_sender(template):
    import re

    for equal in (True, False):  # both sides of every {% if x == "..." %}
        text = render_to_string(template, Everything(equal))
        printed = set(re.findall(r"\[\[([\w.]+)\]\]", text))
        assert printed <= SAFE, f"{template} prints {printed - SAFE}"


PAYLOAD = "Køb billige ure på https://snyd.example " * 500  # 20,000 characters of anyone's words


@pytest.mark.django_db
def test_hearing_receipt_is_short_and_fixed(django_capture_on_commit_callbacks):
    hearing = make_hearing()
    with django_capture_on_commit_callbacks(execute=True):
        services.response_submit(
            hearing=hearing,
            anchor="",
            kind="organisation",
            name=PAYLOAD[:200],
            organisation=PAYLOAD[:200],
            email="offer@example.dk",
            text=PAYLOAD,
        )
    (message,) = mail.outbox
    assert message.to == ["offer@example.dk"]
    assert "snyd" not in message.body
    assert "snyd" not in message.subject
    assert len(message.body) < 1000


@pytest.mark.django_db
def test_meeting_and_data_mails_carry_no_typed_text(django_capture_on_commit_callbacks):
    meeting = make_meeting(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):  # a seat and a place on the waiting list
            services.meeting_register(
                meeting=meeting, name=PAYLOAD[:200], email=f"o{n}@example.dk", needs=PAYLOAD[:500]
            )
        services.personal_data_link_send(email="o0@example.dk")
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert "snyd" not in message.body
        assert "snyd" not in message.subject
