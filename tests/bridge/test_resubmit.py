"""An answer to an application posted twice (a double click, a reload of the answer) or after the
other side changed the application: never an error page, never the raw status name."""

import pytest

from uddannelsesby.bridge import services
from uddannelsesby.bridge.models import Application, ApplicationEvent

from ..formreader import main_form
from .helpers import make_employer, make_opportunity, make_student, organisation_member

pytestmark = pytest.mark.django_db
Status = Application.Status


@pytest.fixture
def application():
    employer = make_employer()
    return services.application_create(
        student=make_student(), opportunity=make_opportunity(employer), message="Hej"
    )


def as_browser(client, url: str, **choices) -> dict:
    """The form of the page as a browser sends it, with the given choices."""
    page = client.get(url)
    form = main_form(page.content.decode(), url)
    return {k: v[0] for k, v in form.data().items()} | choices


@pytest.mark.parametrize(
    ("side", "status"),
    [("student", Status.WITHDRAWN), ("organisation", Status.IN_DIALOGUE),
     ("organisation", Status.DECLINED)],
    ids=["student-withdraws", "organisation-talks", "organisation-declines"],
)  # fmt: skip
def test_the_same_answer_posted_twice_is_saved_once(client, application, side, status):
    user = (
        application.student.user
        if side == "student"
        else organisation_member(application.opportunity.employer)
    )
    client.force_login(user)
    url = f"/bro/ansoegninger/{application.pk}/"
    data = as_browser(client, url, status=status, note="Vi ses på mandag.")
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == 302
    assert again.status_code == 302, again.status_code
    assert again["Location"] == first["Location"]
    application.refresh_from_db()
    assert application.status == status
    assert ApplicationEvent.objects.filter(application=application, status=status).count() == 1


def test_an_answer_to_an_application_changed_meanwhile_says_so(client, application):
    """The organisation's page was drawn when the application was received; meanwhile a
    colleague talked to the student. The choice is refused in words, the note kept."""
    member = organisation_member(application.opportunity.employer)
    client.force_login(member)
    url = f"/bro/ansoegninger/{application.pk}/"
    data = as_browser(client, url, status=Status.IN_DIALOGUE, note="Ring til mig.")
    services.application_move(
        actor=member, application=application, status=Status.IN_DIALOGUE, by_student=False
    )
    response = client.post(url, data | {"form_token": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "tilgængelige valgmuligheder" not in page  # Django's words, with the raw value
    assert "status er »I dialog« nu" in page  # the application is "in dialogue" now
    assert "Ring til mig." in page
    assert 'id="error-summary"' in page


def test_the_student_answers_an_offer_withdrawn_meanwhile(client, application):
    """The student's page showed the offer; the organisation declined before the student
    accepted. The student is told, on the page, with the note kept: not "no access"."""
    member = organisation_member(application.opportunity.employer)
    services.application_move(
        actor=member, application=application, status=Status.OFFERED, by_student=False
    )
    client.force_login(application.student.user)
    url = f"/bro/ansoegninger/{application.pk}/"
    data = as_browser(client, url, status=Status.ACCEPTED, note="Tak, jeg siger ja.")
    services.application_move(
        actor=member, application=application, status=Status.DECLINED, by_student=False
    )
    response = client.post(url, data | {"form_token": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tak, jeg siger ja." in page
    assert 'id="error-summary"' in page
    application.refresh_from_db()
    assert application.status == Status.DECLINED


def test_the_students_note_is_labelled_for_the_organisation(client, application):
    client.force_login(application.student.user)
    page = client.get(f"/bro/ansoegninger/{application.pk}/").content.decode()
    assert "Besked til virksomheden" in page
    assert "Besked til den studerende" not in page


@pytest.mark.parametrize(
    "query", ["q=%00", "q=salg%00job", "q=%1b%5b31m"], ids=["nul", "nul-inside", "escape"]
)
def test_control_characters_in_a_search_are_no_server_error(client, query):
    """PostgreSQL holds no NUL in text: a search with one (a pasted or crafted address) is read
    without its control characters, not answered with a server error."""
    make_opportunity(title="Studiejob i salg")
    response = client.get(f"/bro/?{query}")
    assert response.status_code == 200


def test_a_search_with_control_characters_is_saved_without_them(client):
    from uddannelsesby.bridge.models import SavedSearch

    from ..factories import UserFactory

    client.force_login(UserFactory())
    response = client.post("/bro/soegninger/gem/", {"name": "Salg", "q": "salg\x00job"})
    assert response.status_code == 302
    assert SavedSearch.objects.get().query == {"q": "salg job"}


@pytest.mark.parametrize("what", ["organisation", "opportunity"])
def test_an_editors_decision_posted_twice_is_made_and_told_once(client, what, emails):
    """A double click on "Verify" or "Publish": one decision, one e-mail to the organisation."""
    from django.core import mail

    from uddannelsesby.core.models import HistoryEntry

    from ..factories import UserFactory

    client.force_login(UserFactory(role="editor"))
    if what == "organisation":
        target = make_employer(verified=False)
        url = f"/bro/redaktion/organisationer/{target.pk}/"
    else:
        target = make_opportunity(published=False)
        target.status = target.Status.SUBMITTED
        target.save()
        url = f"/bro/redaktion/opslag/{target.pk}/"
    data = as_browser(client, url, decision="yes")
    before = HistoryEntry.objects.count()
    with emails():
        first = client.post(url, data)
    with emails():
        again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert len(mail.outbox) == 1
    assert HistoryEntry.objects.count() == before + 1
