import datetime

from django.test import Client
from django.utils import timezone

from uddannelsesby.participation import services
from uddannelsesby.participation.models import Dialogue, Hearing, Meeting, Statement
from uddannelsesby.policies import services as policy_services

from ..factories import policy_with_parts


def make_hearing(*, open_: bool = True, areas: int = 2, **kwargs) -> Hearing:
    policy = policy_with_parts(areas=areas, commitments=2)
    version = policy_services.policy_send_to_hearing(actor=None, policy=policy)
    today = timezone.localdate()
    starts = today - datetime.timedelta(days=7 if open_ else 60)
    ends = today + datetime.timedelta(days=21) if open_ else today - datetime.timedelta(days=30)
    fields = {
        "title": "Høring over udkastet",
        "text": "Sig din mening.",
        "target_groups": "Unge",
        "starts_on": starts,
        "ends_on": ends,
    } | kwargs
    return services.hearing_open(actor=None, version=version, **fields)


def first_commitment_anchor(hearing: Hearing) -> str:
    area = hearing.version.content["focus_areas"][0]
    return f"{area['slug']}--{area['commitments'][0]['slug']}"


def respond(hearing: Hearing, **kwargs):
    fields = {
        "anchor": "",
        "kind": "private",
        "name": "Karen Jensen",
        "text": "Et godt udkast.",
        "email": "karen@example.dk",
    } | kwargs
    return services.response_submit(hearing=hearing, **fields)


def make_meeting(*, capacity: int = 2, days: int = 10, **kwargs) -> Meeting:
    starts = timezone.now() + datetime.timedelta(days=days)
    fields = {
        "title": "Borgermøde",
        "description": "",
        "policy": None,
        "hearing": None,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "place": "Rådhuset",
        "address": "Torvet 5, 7400 Herning",
        "accessibility": "Niveaufri adgang",
        "capacity": capacity,
        "notes": "",
    } | kwargs
    return services.meeting_create(actor=None, **fields)


def publish_from_preview(client, response, **changes):
    """Publish a response the way a moderator does: open its page, take the form as the preview
    left it (optionally changed), tick that the highlighted passages were read, publish."""
    url = f"/deltag/redaktion/svar/{response.pk}/"
    page = client.get(url)
    form = page.context["publish_form"]
    data = {name: form[name].value() or "" for name in ("public_sender", "public_text", "checksum")}
    data |= {"action": "publish", "checked": "on"} | changes
    return client.post(url, data)


def open_dialogue() -> Dialogue:
    return services.dialogue_create(
        actor=None, title="Byen", question="Hvad mener du?", status="open"
    )


def write_statement(dialogue: Dialogue, text: str) -> Statement:
    """A participant's statement, sent through the dialogue's page; waiting for moderation."""
    response = Client().post(dialogue.get_absolute_url(), {"add": "1", "text": text, "website": ""})
    assert response.status_code == 302
    return Statement.objects.filter(dialogue=dialogue, status="pending").latest("pk")


def dialogue_manage_url(dialogue: Dialogue) -> str:
    return f"/deltag/redaktion/dialog/{dialogue.pk}/"
