"""Every participation URL times every role gives the expected status code."""

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.participation import services

from ..conftest import ROLES
from .helpers import make_hearing, make_meeting, respond

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
ANON, REG, PARTNER, EDITOR, COUNCIL, ADMIN = ROLES

PUBLIC = dict.fromkeys(ROLES, OK)
EDITORS_ONLY = {ANON: REDIRECT, REG: FORBIDDEN, PARTNER: FORBIDDEN, EDITOR: OK, COUNCIL: FORBIDDEN,
                ADMIN: OK}  # fmt: skip
STAFF_AND_COUNCIL = {ANON: NOT_FOUND, REG: NOT_FOUND, PARTNER: NOT_FOUND, EDITOR: OK, COUNCIL: OK,
                     ADMIN: OK}  # fmt: skip
EDITORS_SEE = {**dict.fromkeys(ROLES, NOT_FOUND), EDITOR: OK, ADMIN: OK}

MATRIX = [
    ("/deltag/", PUBLIC),
    ("/deltag/hoeringer/{open}/", PUBLIC),
    ("/deltag/hoeringer/{open}/svar/", PUBLIC),
    ("/deltag/hoeringer/{open}/tak/", PUBLIC),
    ("/deltag/hoeringer/{open}/hoeringsnotat/", STAFF_AND_COUNCIL),
    ("/deltag/hoeringer/{closed}/hoeringsnotat/", STAFF_AND_COUNCIL),
    ("/deltag/hoeringer/{published_memo}/hoeringsnotat/", PUBLIC),
    ("/deltag/hoeringer/{published_memo}/hoeringsnotat.pdf", PUBLIC),
    ("/deltag/hoeringer/{open}/svar.csv", PUBLIC),
    ("/deltag/hoeringer/{open}/svar.json", PUBLIC),
    ("/deltag/borgermoeder/", PUBLIC),
    ("/deltag/borgermoeder/{meeting}/", PUBLIC),
    ("/deltag/borgermoeder/{meeting}/kalender.ics", PUBLIC),
    ("/deltag/undersoegelser/{survey}/", PUBLIC),
    ("/deltag/undersoegelser/{survey}/resultater/", PUBLIC),
    ("/deltag/undersoegelser/{draft_survey}/", EDITORS_SEE),
    ("/deltag/dialog/{dialogue}/", PUBLIC),
    ("/deltag/dialog/{dialogue}/resultater/", PUBLIC),
    ("/deltag/dialog/{draft_dialogue}/", EDITORS_SEE),
    ("/deltag/privatlivspolitik/", PUBLIC),
    ("/deltag/mine-data/", PUBLIC),
    ("/deltag/redaktion/", EDITORS_ONLY),
    ("/deltag/redaktion/hoeringer/ny/", EDITORS_ONLY),
    ("/deltag/redaktion/hoeringer/{open}/", EDITORS_ONLY),
    ("/deltag/redaktion/hoeringer/{open}/opsummering/", EDITORS_ONLY),
    ("/deltag/redaktion/svar/{response}/", EDITORS_ONLY),
    ("/deltag/redaktion/borgermoeder/ny/", EDITORS_ONLY),
    ("/deltag/redaktion/borgermoeder/{meeting}/", EDITORS_ONLY),
    ("/deltag/redaktion/undersoegelser/ny/", EDITORS_ONLY),
    ("/deltag/redaktion/undersoegelser/{survey}/", EDITORS_ONLY),
    ("/deltag/redaktion/dialog/ny/", EDITORS_ONLY),
    ("/deltag/redaktion/dialog/{dialogue}/", EDITORS_ONLY),
    ("/deltag/redaktion/klasser/ny/", EDITORS_ONLY),
    ("/deltag/redaktion/klasser/{group}/", EDITORS_ONLY),
]


@pytest.fixture
def objects(db):
    hearing = make_hearing()
    published_memo = make_hearing(open_=False)
    services.hearing_memo_publish(actor=None, hearing=published_memo)
    survey = services.survey_create(actor=None, title="Undersøgelse")
    services.question_add(actor=None, survey=survey, kind="scale", text="Hvor meget?", choices=[])
    services.survey_set_status(actor=None, survey=survey, status="open")
    return {
        "open": hearing.pk,
        "closed": make_hearing(open_=False).pk,
        "published_memo": published_memo.pk,
        "response": respond(hearing).pk,
        "meeting": make_meeting().pk,
        "survey": survey.pk,
        "draft_survey": services.survey_create(actor=None, title="Kladde").pk,
        "dialogue": services.dialogue_create(actor=None, title="D", question="?", status="open").pk,
        "draft_dialogue": services.dialogue_create(actor=None, title="K", question="?").pk,
        "group": services.class_group_create(actor=None, school="S", name="K", codes=2).pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[url for url, _ in MATRIX])
def test_status_by_role(client, objects, user_for_role, url, expected, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    assert client.get(url.format(**objects)).status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_can_publish(client, objects, user_for_role, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    from uddannelsesby.participation.models import Response
    from uddannelsesby.participation.selectors import response_preview

    preview = response_preview(Response.objects.get(pk=objects["response"]))
    client.post(
        f"/deltag/redaktion/svar/{objects['response']}/",
        {
            "action": "publish",
            "public_sender": preview.sender,
            "public_text": preview.text,
            "checksum": preview.checksum,
            "checked": "on",
        },
    )
    published = Response.objects.get(pk=objects["response"]).status == "published"
    assert published == (role in (EDITOR, ADMIN))


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_can_publish_the_memo(client, user_for_role, role, db):
    hearing = make_hearing(open_=False)
    user = user_for_role(role)
    if user:
        client.force_login(user)
    client.post(f"/deltag/redaktion/hoeringer/{hearing.pk}/offentliggoer-notat/")
    hearing.refresh_from_db()
    assert hearing.memo_is_published == (role in (EDITOR, ADMIN))


def test_matrix_covers_every_role():
    for _url, expected in MATRIX:
        assert set(expected) == set(ROLES)
    assert Role.ADMIN in ROLES
