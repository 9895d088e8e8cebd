"""Every form of the product, used as a person in a browser uses it.

- Every URL is classified (edit form, create or action form, or no form that saves), so a new
  URL fails here until it is placed.
- Every edit form, opened on the demo data by a role allowed to edit and saved unchanged the
  way a browser sends it, changes nothing in the database.
- Every create form keeps what it was drawn with (no value a browser cannot show), answers
  its own form sent back without a server error, and, filled in and sent twice, makes one
  record and one e-mail.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django.utils.formats import number_format

from uddannelsesby.accounts.models import User

from ..formreader import Form, main_form


def url_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}{pattern.name or str(pattern.pattern)}"

    return set(walk(get_resolver().url_patterns))


# --- the cases, on the demo data ---------------------------------------------------------


FIRST = object()  # the first of the choices


@dataclass
class Case:
    url: str
    user: User | None
    objects: list[models.Model]


def _editor():
    return User.objects.get(username="redaktoer")


def _member(organisation):
    return organisation.memberships.select_related("user").order_by("pk").first().user


def _models(app, name):
    return apps.get_model(app, name)


def _first(app, name, **filters):
    return _models(app, name).objects.filter(**filters).order_by("pk").first()


def _policy_edit():
    policy = _first("policies", "Policy", status="adopted")
    return Case(f"/politikker/redaktion/{policy.slug}/rediger/", _editor(), [policy])


def _focus_area_edit():
    area = _first("policies", "FocusArea")
    url = f"/politikker/redaktion/{area.policy.slug}/fokusomraader/{area.pk}/"
    return Case(url, _editor(), [area])


def _commitment_edit():
    item = _first("policies", "Commitment")
    url = f"/politikker/redaktion/{item.focus_area.policy.slug}/indsatser/{item.pk}/"
    return Case(url, _editor(), [item])


def _activity_edit():
    activity = _first(
        "plans", "Activity", starts_on__isnull=False, ends_on__isnull=False,
        plan__closed_at__isnull=True,
    )  # fmt: skip
    return Case(f"/handleplaner/aktivitet/{activity.pk}/rediger/", _editor(), [activity])


def _plan_edit():
    plan = _first("plans", "ActionPlan", closed_at__isnull=True)
    url = f"/handleplaner/{plan.policy.slug}/{plan.year}/rediger/"
    return Case(url, _editor(), [plan])


def _review_commitment():
    verdict = _first("plans", "ReviewVerdict", review__completed_on__isnull=True)
    if verdict is None:
        commitment = _first("policies", "Commitment", focus_area__policy__status="adopted")
        review = commitment.focus_area.policy.reviews.create(title="Midtvejseftersyn")
        verdict = review.verdicts.create(
            commitment=commitment, verdict="keep", reason="Virker efter hensigten."
        )
    url = f"/handleplaner/eftersyn/nr-{verdict.review_id}/indsats/{verdict.commitment_id}/"
    return Case(url, _editor(), [verdict])


def _meeting_edit():
    meeting = _first("participation", "Meeting")
    return Case(f"/deltag/redaktion/borgermoeder/{meeting.pk}/", _editor(), [meeting])


def _hearing_summaries():
    hearing = _first("participation", "Hearing")
    summaries = list(hearing.summaries.all())
    return Case(f"/deltag/redaktion/hoeringer/{hearing.pk}/opsummering/", _editor(), summaries)


def _catalogue(model, url, key="slug"):
    def case():
        item = _first("catalogue", model)
        return Case(url.format(getattr(item, key)), _editor(), [item])

    return case


def _profile():
    student = _first("bridge", "StudentProfile")
    student.available_from = datetime.date(2027, 2, 1)  # "Ledig fra", erased at every save once
    student.save()
    return Case("/bro/min-profil/", student.user, [student])


def _opportunity_edit():
    item = _first("bridge", "Opportunity", starts_on__isnull=False)
    return Case(f"/bro/opslag/{item.pk}/rediger/", _member(item.employer.organisation), [item])


def _opportunity_filled():
    item = _first("bridge", "Opportunity")
    item.filled_places = 2
    item.save()
    return Case(f"/bro/opslag/{item.pk}/besat/", _member(item.employer.organisation), [item])


def _position_rank():
    position = _first("bridge", "RoundPosition", round__matched_at__isnull=True)
    if position is None:
        opportunity = _first("bridge", "Opportunity", kind="internship")
        closes = datetime.date.today() + datetime.timedelta(days=14)
        ranked = _models("bridge", "AllocationRound").objects.create(
            name="Praktik", ranking_closes_on=closes, seed=7
        )
        position = ranked.positions.create(opportunity=opportunity, capacity=2)
    rankings = list(position.rankings.all())
    user = _member(position.opportunity.employer.organisation)
    return Case(f"/bro/pladser/{position.pk}/rangering/", user, rankings)


def _placement_correct():
    item = _first("bridge", "Opportunity", filled_places__isnull=False)
    return Case(f"/bro/redaktion/placeringer/opslag/{item.pk}/", _editor(), [item])


def _question_edit():
    question = _first("participation", "Question")
    return Case(f"/deltag/redaktion/spoergsmaal/{question.pk}/", _editor(), [question])


def _site_settings():
    from uddannelsesby.core.services import site_settings_save

    row = site_settings_save(actor=None, name="Herning Kommune", code="657")
    admin = User.objects.filter(role="admin").order_by("pk").first()
    return Case("/opsaetning/", admin, [row])


EDIT: dict[str, Callable[[], Case | None]] = {
    "policies:edit": _policy_edit,
    "policies:focus_area_edit": _focus_area_edit,
    "policies:commitment_edit": _commitment_edit,
    "plans:activity_edit": _activity_edit,
    "plans:plan_edit": _plan_edit,
    "plans:review_commitment": _review_commitment,
    "participation:meeting_edit": _meeting_edit,
    "participation:question_edit": _question_edit,
    "participation:hearing_summaries": _hearing_summaries,
    "catalogue:programme_edit": _catalogue("Programme", "/uddannelser/uddannelse/{}/rediger/"),
    "catalogue:institution_edit": _catalogue(
        "Institution", "/uddannelser/institutioner/{}/rediger/"
    ),
    "catalogue:housing_edit": _catalogue("Housing", "/uddannelser/boliger/{}/rediger/"),
    "catalogue:event_edit": _catalogue("Event", "/uddannelser/begivenheder/{}/rediger/", "pk"),
    "catalogue:offer_edit": _catalogue("Offer", "/uddannelser/fritid/{}/rediger/", "pk"),
    "catalogue:page_edit": _catalogue("StudyPage", "/uddannelser/studer-i-herning/{}/rediger/"),
    "catalogue:block_edit": _catalogue("Block", "/uddannelser/blok/{}/rediger/", "pk"),
    "bridge:profile": _profile,
    "bridge:opportunity_edit": _opportunity_edit,
    "bridge:opportunity_filled": _opportunity_filled,
    "bridge:position_rank": _position_rank,
    "bridge:placement_correct": _placement_correct,
    "setup:settings": _site_settings,
}


def _policy_slug():
    return _first("policies", "Policy", status="adopted").slug


def _open(app, model, **filters):
    return _first(app, model, **filters)


def _anonymous(url):
    return lambda: Case(url() if callable(url) else url, None, [])


def _as_editor(url):
    return lambda: Case(url() if callable(url) else url, _editor(), [])


def _hearing_url(tail: str):
    def url():
        _hearing_open()  # open from today for thirty days
        return f"/deltag/redaktion/hoeringer/{_first('participation', 'Hearing').pk}/{tail}"

    return url


def _hearing_open():
    hearing = _first("participation", "Hearing")
    today = datetime.date.today()
    hearing.starts_on, hearing.ends_on = today, today + datetime.timedelta(days=30)
    hearing.save()  # the demo's hearing was in 2008
    return f"/deltag/hoeringer/{hearing.pk}/svar/"


def _meeting_coming():
    meeting = next(m for m in _models("participation", "Meeting").objects.all() if not m.is_past)
    return f"/deltag/borgermoeder/{meeting.pk}/"


def _survey_open():
    return f"/deltag/undersoegelser/{_open('participation', 'Survey', status='open').pk}/"


def _dialogue_open():
    return f"/deltag/dialog/{_open('participation', 'Dialogue', status='open').pk}/"


def _plan_url(suffix):
    def url():
        plan = _first("plans", "ActionPlan", closed_at__isnull=True)
        return f"/handleplaner/{plan.policy.slug}/{plan.year}/{suffix}"

    return url


def _activity_update():
    activity = _first(
        "plans", "Activity", plan__closed_at__isnull=True,
        responsible__memberships__user__role="partner",
    )  # fmt: skip
    return Case(
        f"/handleplaner/aktivitet/{activity.pk}/opdater/", _member(activity.responsible), []
    )


def _apply():
    from uddannelsesby.bridge.models import Opportunity

    student = _first("bridge", "StudentProfile")
    item = next(
        o for o in Opportunity.objects.open().order_by("pk")
        if not o.applications.filter(student=student).exists()
    )  # fmt: skip
    return Case(f"/bro/opslag/{item.pk}/ansoeg/", student.user, [])


def _opportunity_create():
    employer = _first("bridge", "Employer", status="verified") or _first("bridge", "Employer")
    return Case("/bro/organisation/opslag/nyt/", _member(employer.organisation), [])


# Create and action forms: drawn with a one-time token, posted twice with the values below
# added to what the browser sends. `None`: drawn and posted back, not filled in.
CREATE: dict[str, tuple[Callable[[], Case | None], dict | None]] = {
    "participation:respond": (
        _anonymous(_hearing_open),
        {
            "name": "Ane Borger",
            "email": "ane@example.dk",
            "text": "Et høringssvar.",
            "consent": "on",
            "kind": "private",
        },  # fmt: skip
    ),
    "participation:meeting": (
        _anonymous(_meeting_coming),
        {"name": "Ane Borger", "email": "ane@example.dk", "consent": "on"},
    ),
    "participation:survey": (_anonymous(_survey_open), {"*": FIRST}),
    "participation:dialogue": (_anonymous(_dialogue_open), {"text": "Flere praktikpladser"}),
    "participation:survey_manage": (
        _as_editor(
            lambda: f"/deltag/redaktion/undersoegelser/{_first('participation', 'Survey').pk}/"
        ),
        {"kind": "text", "text": "Hvad mangler du?"},
    ),
    "participation:dialogue_manage": (
        _as_editor(lambda: f"/deltag/redaktion/dialog/{_first('participation', 'Dialogue').pk}/"),
        {"text": "Flere studiejob"},
    ),
    "participation:response_manage": (
        _as_editor(lambda: f"/deltag/redaktion/svar/{_first('participation', 'Response').pk}/"),
        None,
    ),
    "participation:hearing_create": (_as_editor("/deltag/redaktion/hoeringer/ny/"), None),
    "participation:meeting_create": (
        _as_editor("/deltag/redaktion/borgermoeder/ny/"),
        {
            "title": "Borgermøde om uddannelse",
            "starts_at": "2030-03-01T19:00",
            "ends_at": "2030-03-01T21:00",
            "place": "Rådhuset",
            "address": "Torvet 5, 7400 Herning",
            "capacity": "40",
        },
    ),
    "participation:survey_create": (
        _as_editor("/deltag/redaktion/undersoegelser/ny/"),
        {"title": "Ny undersøgelse"},
    ),
    "participation:dialogue_create": (
        _as_editor("/deltag/redaktion/dialog/ny/"),
        {"title": "Ny dialog", "question": "Hvad mangler?"},
    ),
    "participation:class_create": (
        _as_editor("/deltag/redaktion/klasser/ny/"),
        {"school": "Brændgårdskolen", "name": "9.B"},
    ),
    "policies:create": (_as_editor("/politikker/redaktion/ny/"), {"title": "Ungepolitik"}),
    "policies:link_create": (
        _as_editor(lambda: f"/politikker/redaktion/{_policy_slug()}/links/ny/"),
        {"kind": "budget", "title": "Budget 2027", "url": "https://www.example.dk/budget"},
    ),
    "setup:onboard": (
        lambda: Case(
            "/opsaetning/ny-kommune/", User.objects.filter(role="admin").order_by("pk").first(), []
        ),
        {"code": "400", "name": "Bornholms Regionskommune"},
    ),
    "policies:focus_area_create": (
        _as_editor(lambda: f"/politikker/redaktion/{_policy_slug()}/fokusomraader/ny/"),
        {"title": "Nyt fokusområde"},
    ),
    "policies:commitment_create": (
        _as_editor(
            lambda: "/politikker/redaktion/{}/fokusomraader/{}/indsatser/ny/".format(
                _policy_slug(), _first("policies", "FocusArea", policy__slug=_policy_slug()).pk
            )
        ),
        {"title": "Ny indsats"},
    ),
    "plans:activity_create": (
        _as_editor(_plan_url("aktiviteter/ny/")),
        {
            "title": "Ny aktivitet",
            "budget": "125.000,50",
            "spent": "1.500 kr.",
            "commitments": FIRST,
            "responsible": FIRST,
        },  # fmt: skip
    ),
    "plans:activity_update": (_activity_update, {"text": "Status: godt i gang."}),
    "plans:plan_create": (_as_editor(lambda: f"/handleplaner/{_policy_slug()}/ny/"), None),
    "plans:review_create": (
        _as_editor(lambda: f"/handleplaner/{_policy_slug()}/eftersyn/nyt/"),
        {"title": "Midtvejseftersyn"},
    ),
    "catalogue:programme_create": (_as_editor("/uddannelser/uddannelse/ny/"), None),
    "catalogue:institution_create": (_as_editor("/uddannelser/institutioner/ny/"), None),
    "catalogue:housing_create": (
        _as_editor("/uddannelser/boliger/ny/"),
        {
            "name": "Kollegiet",
            "street_address": "Vej 1",
            "postal_code": "7400",
            "city": "Herning",
            "rent_min": "3.200",
            "rent_max": "4.500 kr.",
            "size_min": "18",
            "size_max": "30",
            "waiting_list": "Skriv dig op.",
        },
    ),  # fmt: skip
    "catalogue:event_create": (
        _as_editor("/uddannelser/begivenheder/ny/"),
        {
            "title": "Studiestart",
            "starts_at": "2030-09-01T19:30",
            "ends_at": "2030-09-01T22:00",
            "place": "Torvet",
            "price": "0",
        },
    ),  # fmt: skip
    "catalogue:offer_create": (
        _as_editor("/uddannelser/fritid/ny/"),
        {"name": "Klatring", "description": "Klatrevæg"},
    ),
    "catalogue:page_create": (_as_editor("/uddannelser/studer-i-herning/ny/"), None),
    "catalogue:block_create": (
        _as_editor(
            lambda: (
                f"/uddannelser/studer-i-herning/{_first('catalogue', 'StudyPage').slug}/blokke/ny/"
            )
        ),
        {"kind": "text", "heading": "Velkommen", "text": "Hej"},
    ),
    "bridge:apply": (_apply, {"message": "Jeg vil gerne."}),
    "bridge:student_signup": (_anonymous("/bro/studerende/opret/"), None),
    "bridge:employer_signup": (_anonymous("/bro/organisation/opret/"), None),
    "bridge:opportunity_create": (_opportunity_create, None),
    "bridge:round_create": (_as_editor("/bro/redaktion/runder/ny/"), None),
    "bridge:search_save": (None, None),  # a button on the search page, tested in test_once
    # Closing a hearing early (with a reason) and extending it: drawn and posted back.
    "participation:hearing_close": (_as_editor(_hearing_url("luk/")), None),
    "participation:hearing_extend": (_as_editor(_hearing_url("forlaeng/")), None),
    # Following by e-mail (a confirmation goes out); the adopted policy by e-mail.
    "follow:follow": (
        _anonymous(lambda: f"/folg/hoering/{_first('participation', 'Hearing').pk}/"),
        {"email": "ane@example.dk", "frequency": "weekly"},
    ),
    "follow:policy_mail": (
        _anonymous(
            lambda: f"/folg/politik/{_first('policies', 'Policy', status='adopted').slug}/send/"
        ),
        None,
    ),
    # Actions on one object, drawn with today's date or a choice.
    "policies:adopt": (
        _as_editor(
            lambda: (
                f"/politikker/redaktion/{_first('policies', 'Policy', status='draft').slug}/vedtag/"
            )
        ),
        None,
    ),
    "plans:plan_adopt": (_as_editor(_plan_url("vedtag/")), None),
    "plans:review_complete": (
        _as_editor(
            lambda: "/handleplaner/eftersyn/nr-{}/afslut/".format(
                _first("plans", "MidtermReview", completed_on__isnull=True).pk
            )
        ),
        None,
    ),
}

# Pages with no form that saves what a person typed (lists, details, downloads, one-button
# actions, imports of files).
NOT_FORMS = {
    "set_language", "core:home", "core:logo", "core:accessibility", "core:was", "core:was/",
    "core:language", "core:healthz", "core:readyz", "core:metrics", "core:security",
    "core:security_txt",
    "accounts:login", "accounts:logout", "accounts:password_reset", "accounts:password_reset_done",
    "accounts:password_reset_confirm", "accounts:password_reset_complete",
    "accounts:oidc_start", "accounts:oidc_callback", "accounts:lockouts", "accounts:lockout_lift",
    "policies:list", "policies:editor_list", "policies:import", "policies:editor_detail",
    "policies:import_document", "policies:import_review",
    "policies:preview", "policies:history", "policies:export", "policies:hearing",
    "policies:archive", "policies:move", "policies:delete", "policies:detail", "policies:versions",
    "policies:version", "policies:compare", "policies:pdf", "policies:json",
    "policies:link_delete",
    "plans:list", "plans:dashboard", "plans:activity", "plans:activity_delete", "plans:attachment",
    "plans:coverage", "plans:plan", "plans:plan_close", "plans:export_csv", "plans:export_xlsx",
    "plans:activities_csv", "plans:activities_json", "plans:import", "plans:report",
    "plans:report_pdf", "plans:calendar", "plans:calendar_ics", "plans:reviews", "plans:review",
    "plans:review_pdf",
    "indicators:overview", "indicators:values_csv", "indicators:api_docs", "indicators:openapi",
    "indicators:api_indicators", "indicators:api_indicator", "indicators:api_values",
    "indicators:api_observations", "indicators:api_observations_csv", "indicators:api_fetch",
    "indicators:detail", "indicators:detail_csv",
    "participation:index", "participation:hearing", "participation:response_thanks",
    "participation:memo", "participation:memo_pdf", "participation:meetings",
    "participation:meeting_ics", "participation:cancel", "participation:survey_thanks",
    "participation:survey_results", "participation:dialogue_results", "participation:privacy",
    "participation:my_data", "participation:my_data_token", "participation:dashboard",
    "participation:hearing_manage", "participation:attachment",

    "participation:class_detail",
    "catalogue:search", "catalogue:programme", "catalogue:programme_delete",
    "catalogue:institutions", "catalogue:institution", "catalogue:student_life",
    "catalogue:housing", "catalogue:housing_detail", "catalogue:housing_delete",
    "catalogue:events", "catalogue:event_feed", "catalogue:event", "catalogue:event_delete",
    "catalogue:offers", "catalogue:offer_delete", "catalogue:pages", "catalogue:page",
    "catalogue:page_delete", "catalogue:block_delete", "catalogue:block_move",
    "catalogue:open_data", "catalogue:dataset_csv", "catalogue:dataset_json", "catalogue:import",
    "bridge:index", "bridge:opportunity", "bridge:release", "bridge:search_delete",
    "bridge:recommended", "bridge:mine", "bridge:application", "bridge:application_cv",
    "bridge:student", "bridge:student_cv", "bridge:round", "bridge:employer_home",
    "bridge:opportunity_submit", "bridge:opportunity_close", "bridge:opportunity_applications",
    "bridge:queue", "bridge:employer_review", "bridge:opportunity_review", "bridge:round_manage",
    "bridge:round_step", "bridge:mentors_assign", "bridge:placements",
    "bridge:placements_publish", "bridge:signup_sent", "bridge:signup_confirm",
    "participation:responses_csv", "participation:responses_json", "participation:memo_publish",
    "search:page",
    "follow:mine", "follow:requested", "follow:stop", "follow:confirm", "follow:unsubscribe_all",
    "follow:unsubscribe", "follow:policy_mail_sent", "follow:list_feed", "follow:policy_feed",
    "follow:plan_feed",
}  # fmt: skip


def test_every_url_is_classified():
    names = url_names()
    listed = set(EDIT) | set(CREATE) | NOT_FORMS
    assert not (names - listed), f"Place these URLs in EDIT, CREATE or NOT_FORMS: {names - listed}"
    assert not (listed - names), f"Gone from the URL conf: {listed - names}"
    assert not (set(EDIT) & set(CREATE))
    assert not ((set(EDIT) | set(CREATE)) & NOT_FORMS)


# --- helpers ---------------------------------------------------------------------------------


IGNORED_FIELDS = {"updated_at", "search_text", "modified", "changed_at"}


def snapshot(obj: models.Model) -> dict:
    obj = type(obj).objects.get(pk=obj.pk)
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in IGNORED_FIELDS or getattr(field, "auto_now", False):
            continue
        value = getattr(obj, field.attname)
        data[field.name] = value.name if isinstance(value, FieldFile) else value
    for field in obj._meta.many_to_many:
        data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def _page(client, case: Case):
    client.logout()
    if case.user is not None:
        client.force_login(case.user)
    page = client.get(case.url)
    assert page.status_code == 200, f"{case.url}: GET answered {page.status_code}"
    form = main_form(page.content.decode(), case.url)
    assert form is not None, f"{case.url}: no form posting to the page"
    return form


def _errors(response) -> str:
    html = response.content.decode()
    start = html.find('id="error-summary"')
    if start < 0:
        main = html.find("<main")
        return " ".join(html[main : main + 1500].split()) if response.status_code != 302 else ""
    return " ".join(html[start : start + 1500].split())


@pytest.fixture(scope="module")
def _demo_data(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_data, db):
    return None


# --- the tests -------------------------------------------------------------------------------


def test_saving_every_edit_form_unchanged_changes_nothing(client, demo):
    problems = []
    for name, make in EDIT.items():
        case = make()
        if case is None:
            problems.append(f"{name}: no demo object to edit")
            continue
        form: Form = _page(client, case)
        if dropped := form.dropped():
            problems.append(f"{name}: the browser cannot show {dropped}")
        before = [snapshot(o) for o in case.objects]
        response = client.post(case.url, form.data())
        if response.status_code >= 500:
            problems.append(f"{name}: {response.status_code}")
            continue
        if response.status_code != 302:
            problems.append(
                f"{name}: refused unchanged ({response.status_code}): {_errors(response)}"
            )
        after = [snapshot(o) for o in case.objects]
        for old, new in zip(before, after, strict=True):
            changed = {k: (old[k], new[k]) for k in old if old[k] != new[k]}
            if changed:
                problems.append(f"{name}: saved unchanged, but changed {changed}")
    assert not problems, "\n".join(problems)


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label
        in ("policies", "plans", "participation", "catalogue", "bridge", "follow")
        or m._meta.label == "core.SiteSettings"  # onboarding makes the site's settings
        or m._meta.label == "core.SiteSettings"  # onboarding makes the site's settings
    }


FILLERS = {"email": "ane@example.dk", "number": "1", "url": "https://example.dk"}


def _fill(form: Form, values: dict) -> dict:
    """What the browser sends, with `values` typed in and every required control still empty
    filled the way a hurried person would (the first choice, a word)."""
    data = form.data()
    choices: dict[str, list[str]] = {}
    for c in form.controls:
        if c.tag == "select":
            choices.setdefault(c.name, []).extend(v for v, _s in c.options if v)
        elif c.kind in ("radio", "checkbox"):
            choices.setdefault(c.name, []).append(c.value)
    every_choice = values.get("*") is FIRST
    for c in form.controls:
        if c.name in values or any(data.get(c.name, [""])):
            continue
        if not (c.required or (every_choice and c.name in choices)):
            continue
        if c.name in choices:
            data[c.name] = choices[c.name][:1]
        else:
            data[c.name] = [FILLERS.get(c.kind, "Tekst")]
    for name, value in values.items():
        if name == "*":
            continue
        if value is FIRST:
            value = choices[name][:1]
        data[name] = value if isinstance(value, list) else [value]
    return data


RECEIPTS = {
    "participation:respond",
    "participation:meeting",
    "follow:follow",
}  # forms that e-mail a receipt


def test_every_create_form_keeps_its_values_and_saves_once(
    client, demo, django_capture_on_commit_callbacks
):
    problems = []
    for name, (make, values) in CREATE.items():
        case = make() if make else None
        if case is None:
            continue
        form = _page(client, case)
        if dropped := form.dropped():
            problems.append(f"{name}: the browser cannot show {dropped}")
        if values is None:  # drawn and sent back as it is: refused or saved, never a 500
            response = client.post(case.url, form.data())
            if response.status_code >= 500:
                problems.append(f"{name}: {response.status_code} when posted back")
            continue
        if "form_token" not in form.data():
            problems.append(f"{name}: no one-time token in the form")
        data = _fill(form, values)
        counts, mails = _counts(), len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(case.url, data)
        if first.status_code != 302:
            problems.append(f"{name}: not saved ({first.status_code}): {_errors(first)}")
            continue
        after_first, mails_first = _counts(), len(mail.outbox)
        if name in RECEIPTS and mails_first == mails:
            problems.append(f"{name}: no receipt was sent")
        if after_first == counts:
            problems.append(f"{name}: saved, but no record was made")
        with django_capture_on_commit_callbacks(execute=True):
            second = client.post(case.url, data)
        if second.status_code != 302 or second["Location"] != first["Location"]:
            problems.append(f"{name}: the second post answered differently")
        changed = {k: (v, _counts()[k]) for k, v in after_first.items() if _counts()[k] != v}
        if changed:
            problems.append(f"{name}: the second post made records: {changed}")
        if len(mail.outbox) != mails_first:
            problems.append(f"{name}: the second post sent {len(mail.outbox) - mails_first} mails")
    assert not problems, "\n".join(problems)


# --- limits, in the product's words ----------------------------------------------------------

# Django's own messages, which no form of the product may show: its length check counts
# "12000" where the product writes "12.000", and names one min or max validator, not the range.
DJANGO_OWN = re.compile(
    r"Ensure this value|Ensure that there are no more than|Denne værdi skal være"
    r"|Der må maksimalt være|\(den har \d{5,}\)|\(it has \d{5,}\)"
)
LIMIT_PAGES = {
    "accounts:login": _anonymous("/konto/log-ind/"),
    "accounts:password_reset": _anonymous("/konto/nulstil/"),
}


def _error_text(html: str, control_name: str) -> str | None:
    found = re.search(
        rf'id="id_{re.escape(control_name)}-error">(.*?)</span>(.*?)</span>', html, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", found[2]).split()) if found else None


def _bound_as_written(bound: int, language: str) -> str:
    with translation.override(language):
        return number_format(bound, force_grouping=abs(bound) >= 10_000)


def _over_the_limits(form: Form, side: str) -> tuple[dict, dict[str, int | None]]:
    """The form as drawn, with every number just outside its drawn range (`side`), every
    amount below 0 and every text far over its maxlength: (data, {number control: bound})."""
    data, bounds = form.data(), {}
    for c in form.controls:
        if c.disabled or not c.name:
            continue
        limit = c.attrs.get("min" if side == "low" else "max", "")
        if c.kind == "number" and re.fullmatch(r"-?\d+", limit):
            bound = int(limit)
            data[c.name] = [str(bound - 1 if side == "low" else bound + 1)]
            bounds[c.name] = bound
        elif c.attrs.get("inputmode") == "decimal" and side == "low":
            data[c.name] = ["-5"]
            bounds[c.name] = None
        elif c.tag == "textarea" or c.kind in ("text", "email", "url", "search", "tel"):
            maxlength = c.attrs.get("maxlength", "")
            if maxlength.isdigit() and side == "low":
                data[c.name] = ["x" * (int(maxlength) + 10_000)]
    return data, bounds


def test_every_form_names_the_limits_it_enforces(client, demo):
    """A year typed "-3" was told "at least 0" where 2000-2100 is allowed, and forms missed by
    harden_form said "Ensure this value has at most 254 characters (it has 10254)". Every form
    page, in Danish and English: a number just outside its range is refused with a message
    naming that bound, and no message is Django's own."""
    pages = dict(EDIT)
    pages |= {name: make for name, (make, _values) in CREATE.items() if make}
    pages |= LIMIT_PAGES
    cases = {}  # made before anything is posted
    for name, make in pages.items():
        try:
            cases[name] = make()
        except AttributeError:  # nothing in the demo to draw it on (a draft policy to adopt)
            cases[name] = None
    problems, walked = [], set()
    for name, case in cases.items():
        if case is None:
            continue
        form = _page(client, case)
        for language in ("da", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for side in ("low", "high"):
                data, bounds = _over_the_limits(form, side)
                response = client.post(case.url, data)
                html = response.content.decode()
                if response.status_code >= 500:
                    problems.append(f"{name} ({language}, {side}): {response.status_code}")
                    continue
                if own := DJANGO_OWN.search(html):
                    problems.append(f"{name} ({language}): Django's own message: {own[0]}")
                for control, bound in bounds.items():
                    walked.add(f"{name}.{control}")
                    message = _error_text(html, control)
                    if message is None:
                        problems.append(f"{name}.{control} ({side}): accepted or no message")
                    elif bound is not None and _bound_as_written(bound, language) not in message:
                        problems.append(f"{name}.{control} ({language}): {message!r} for {bound}")
    assert {"plans:plan_create.year", "catalogue:housing_create.size_min"} <= walked
    assert {"catalogue:event_create.price", "plans:activity_update.progress"} <= walked
    assert not problems, "\n".join(problems)


# --- a form sent after its security token went stale ----------------------------------------

TYPED_KINDS = ("text", "email", "search", "tel", "url")


def test_every_form_sent_with_a_stale_token_shows_what_was_typed(demo):
    """A session that expired, or a tab left open overnight: the form is refused by the CSRF
    check. Every form page's typed texts come back on the refusal page, to copy, with the
    reason (never stored). A post from another site gets the refusal without its texts."""
    from django.test import Client
    from django.utils.html import escape

    pages = dict(EDIT) | {name: make for name, (make, _values) in CREATE.items() if make}
    cases = {}
    for name, make in pages.items():
        try:
            cases[name] = make()
        except AttributeError:  # nothing in the demo to draw it on (a draft policy to adopt)
            cases[name] = None
    problems, walked = [], 0
    for name, case in cases.items():
        if case is None:
            continue
        client = Client(enforce_csrf_checks=True)
        form = _page(client, case)
        data = form.data()
        typed = {}
        for n, c in enumerate(form.controls):
            if c.disabled or not c.name or "password" in c.name or c.name == "website":
                continue
            if c.tag == "textarea" or (c.tag == "input" and c.kind in TYPED_KINDS):
                text = f"Skrevet {n}: Ærø-færgens 1.000 kr. – indsat fra Word"
                if c.kind == "email":
                    text = f"ane{n}@example.dk"
                data[c.name] = [text]
                typed[c.name] = text
        if not typed:
            continue
        walked += 1
        del client.cookies[settings.CSRF_COOKIE_NAME]  # the token went stale
        response = client.post(case.url, data, HTTP_ORIGIN="http://testserver")
        html = response.content.decode()
        if response.status_code != 403 or "Intet er gemt" not in html:
            problems.append(f"{name}: {response.status_code}, not the refusal page")
            continue
        if lost := [n for n, t in typed.items() if escape(t) not in html]:
            problems.append(f"{name}: what was typed in {lost} is not shown back")
        foreign = client.post(case.url, data, HTTP_ORIGIN="https://evil.example")
        if any(escape(t) in foreign.content.decode() for t in typed.values()):
            problems.append(f"{name}: another site's post is shown on ours")
    assert walked > 20
    assert not problems, "\n".join(problems)


def _typed_in(form: Form) -> tuple[dict, dict]:
    """The form as drawn, with a text of its own typed in every text control."""
    data, typed = form.data(), {}
    for n, c in enumerate(form.controls):
        if c.disabled or not c.name or "password" in c.name or c.name == "website":
            continue
        if c.tag == "textarea" or (c.tag == "input" and c.kind in TYPED_KINDS):
            text = f"Skrevet {n}: Ærø-færgens 1.000 kr. – indsat fra Word"
            if c.kind == "email":
                text = f"ane{n}@example.dk"
            data[c.name] = [text]
            typed[c.name] = text
    return data, typed


@pytest.mark.parametrize("change", ["logged out", "no longer allowed"])
def test_every_form_refused_after_it_was_drawn_shows_what_was_typed(client, demo, change):
    """A form filled in, then refused for what happened meanwhile: the session expired (the
    person is sent to log in), or the person may no longer change it (their rights taken away,
    the record archived or its year closed). The answer says so and shows what was typed."""
    from django.utils.html import escape

    from ..factories import UserFactory

    pages = dict(EDIT) | {name: make for name, (make, _values) in CREATE.items() if make}
    cases = {}
    for name, make in pages.items():
        try:
            cases[name] = make()
        except AttributeError:
            cases[name] = None
    stranger = UserFactory()
    problems, walked = [], 0
    for name, case in cases.items():
        if case is None or case.user is None:
            continue
        form = _page(client, case)
        data, typed = _typed_in(form)
        if not typed:
            continue
        walked += 1
        client.logout()
        if change == "no longer allowed":
            client.force_login(stranger)
        response = client.post(case.url, data, HTTP_ORIGIN="http://testserver")
        html = response.content.decode()
        if response.status_code in (301, 302):
            problems.append(f"{name}: redirected to {response['Location']}, the text dropped")
        elif lost := [n for n, t in typed.items() if escape(t) not in html]:
            problems.append(f"{name}: {response.status_code}, {lost} not shown back")
    assert walked > 20
    assert not problems, "\n".join(problems)


# Views that answer a refused POST with a message and a redirect. Only a post with nothing
# typed may (a button: nothing to lose); a form with typed text is drawn again with its error.
REDIRECT_ON_ERROR = {
    "bridge/editor_views.py round_step": "buttons: run or publish a round",
    "bridge/views.py search_save": "the name is empty when refused; the search is in the URL",
    "bridge/views.py opportunity_submit": "a button: send for review",
    "participation/editor_views.py hearing_create": "a warning after the hearing was saved",
    "participation/editor_views.py survey_manage": "buttons: status, move a question",
    "participation/editor_views.py dialogue_manage": "a button: open or close the dialogue",
    "participation/views.py dialogue_detail": "a vote button on a dialogue closed meanwhile",
    "participation/views.py _vote": "a vote button",
    "plans/editor_views.py plan_close": "a button: close the year",
    "policies/editor_views.py part_delete": "a button: delete",
    "policies/editor_views.py policy_hearing": "a button: send to hearing",
}


def test_no_view_drops_typed_text_with_a_message_and_a_redirect():
    """`messages.error(...); return redirect(...)` loses what was typed. Each view doing it is
    listed above with why nothing typed is lost; a new one fails here until it draws its form
    again with the error next to the text (or is listed, if it has nothing typed)."""
    import ast
    from pathlib import Path

    import uddannelsesby

    root = Path(uddannelsesby.__file__).parent
    found = set()
    for path in sorted(root.rglob("*views*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                calls = {ast.unparse(c.func) for c in ast.walk(node) if isinstance(c, ast.Call)}
                told = calls & {"messages.error", "messages.warning", "_fail"}
                if told and "redirect" in calls:
                    found.add(f"{path.relative_to(root)} {node.name}")
    assert found == set(REDIRECT_ON_ERROR), found ^ set(REDIRECT_ON_ERROR)
