"""Files reach only those allowed (issue 19, section 4).

Every upload field in the product is found by walking the forms and models, so a new one cannot
skip the checks; every file kind is fetched by every role in each state."""

import importlib
import io
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import uddannelsesby
from uddannelsesby.accounts.models import Role
from uddannelsesby.core.files import safe_filename
from uddannelsesby.core.uploads import (
    MAX_IMAGE_PIXELS,
    PDF,
    ImportFileField,
    UploadField,
    check_upload,
)
from uddannelsesby.participation import services as participation_services
from uddannelsesby.participation.tokens import data_token
from uddannelsesby.plans import services as plan_services
from uddannelsesby.plans.models import ActionPlan, ActivityUpdate

from ..bridge.helpers import make_opportunity, make_student, organisation_member
from ..conftest import ROLES
from ..participation.helpers import make_hearing, respond
from ..plans.helpers import make_activity, make_plan
from ..samples import HOSTILE, image_bytes, pdf_bytes

RANDOM_NAME = re.compile(r"^[a-z_/]+/[0-9a-f]{32}\.(pdf|png|jpg)$")


def _product_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(uddannelsesby.__path__, "uddannelsesby."):
        skip = (".config", ".migrations", ".management", ".manage")
        if not any(part in module.name for part in skip):
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("uddannelsesby."):
                found.add(sub)
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def _file_fields() -> list[tuple[str, str, forms.Field]]:
    return [
        (f"{form.__module__}.{form.__name__}", name, field)
        for form in _product_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.FileField)
    ]


FILE_FIELDS = _file_fields()
KEPT_FIELDS = [(f, n, field) for f, n, field in FILE_FIELDS if isinstance(field, UploadField)]


def test_the_walk_finds_the_upload_fields():
    names = {(form.rsplit(".", 1)[-1], name) for form, name, _ in KEPT_FIELDS}
    assert {("ActivityUpdateForm", "attachment"), ("ResponseForm", "attachment")} <= names
    assert {("ProfileForm", "cv"), ("StudentSignupForm", "cv")} <= names


@pytest.mark.parametrize(
    ("form", "name", "field"), FILE_FIELDS, ids=[f"{form}.{name}" for form, name, _ in FILE_FIELDS]
)
def test_every_file_field_goes_through_the_core_upload_module(form, name, field):
    assert isinstance(field, UploadField | ImportFileField), f"{form}.{name}"


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_every_kept_upload_refuses_hostile_files(kind):
    filename, make = HOSTILE[kind]
    content = make()
    for form, name, field in KEPT_FIELDS:
        with pytest.raises(ValidationError) as refused:
            field.clean(SimpleUploadedFile(filename, content, "application/pdf"))
        assert refused.value.messages, f"{form}.{name} accepted {kind}"


def test_every_model_file_field_stores_under_a_random_name():
    fields = [
        (model, field)
        for model in apps.get_models()
        if model.__module__.startswith("uddannelsesby.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert len(fields) >= 4
    for model, field in fields:
        first = field.generate_filename(model(), "Jens Hansen CPR 010190-1234.pdf")
        second = field.generate_filename(model(), "Jens Hansen CPR 010190-1234.pdf")
        assert RANDOM_NAME.match(first), (model, first)
        assert first != second
        assert "Jens" not in first


# The checks one by one -----------------------------------------------------------------------


def _refusal(name: str, content: bytes, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content), **kwargs)
    return refused.value.code


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.pdf", b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n", "pdf_damaged"),  # does not parse
        ("a.pdf", pdf_bytes() + b"\x00\x01 trailing bytes", "pdf_damaged"),  # data after the end
        ("a.pdf", pdf_bytes()[:-40], "pdf_damaged"),  # truncated
        ("a.pdf", pdf_bytes(pages=0), "pdf_empty"),
        ("a.png", image_bytes("PNG", size=(64, 64))[:-30], "image_damaged"),
        ("a.jpg", image_bytes("JPEG", size=(64, 64))[:-100], "image_damaged"),
        ("a.txt", b"just text", "not_accepted"),
        ("a.pdf", b"x" * (5 * 2**20 + 1), "too_big"),
        ("a.png", image_bytes("PNG", size=(8000, MAX_IMAGE_PIXELS // 8000 + 1)), "image_too_large"),
        ("a.PDF.html", pdf_bytes(), "name_mismatch"),
        ("a", pdf_bytes(), "name_mismatch"),
        ("a.jpg", image_bytes("PNG"), "name_mismatch"),
    ],
)
def test_each_check_refuses_its_case(name, content, code):
    assert _refusal(name, content) == code


def test_an_image_is_refused_where_only_pdf_is_accepted():
    assert _refusal("a.png", image_bytes(), accept=(PDF,)) == "not_accepted"


def test_a_pdf_is_kept_byte_for_byte_and_an_image_is_re_encoded():
    content = pdf_bytes(pages=2)
    checked = check_upload(SimpleUploadedFile("Rapport.PDF", content))
    assert (checked.content, checked.content_type) == (content, PDF)
    exif = Image.Exif()
    exif[0x010F] = "Kamera med GPS"  # Make
    photo = image_bytes("JPEG", size=(8, 6), exif=exif)
    checked = check_upload(SimpleUploadedFile("foto.jpeg", photo))
    assert checked.content_type == "image/jpeg"
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.size == (8, 6)
        assert not image.getexif()  # metadata (location, camera) is not kept
    checked = check_upload(SimpleUploadedFile("anim.gif", image_bytes("GIF")))
    assert checked.content_type == "image/png"
    assert checked.as_file().name == "upload.png"


@pytest.mark.django_db
def test_a_refusal_is_shown_beside_the_field_in_danish_and_keeps_the_text(client):
    hearing = make_hearing()
    name, make = HOSTILE["gif+js"]
    data = {
        "anchor": "",
        "kind": "private",
        "name": "Karen",
        "text": "Min tekst om udkastet",
        "consent": "on",
        "attachment": SimpleUploadedFile(name, make()),
    }
    response = client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_attachment-error"' in html
    assert "Filen indeholder kode til en webside" in html
    assert "Min tekst om udkastet" in html


# Serving: every kind of file, every role, every state ---------------------------------------


def _attachment(plan_status: str) -> str:
    plan = make_plan(status=plan_status)
    activity = make_activity(plan)
    checked = check_upload(SimpleUploadedFile("Jens Hansens rapport.pdf", pdf_bytes()))
    update = plan_services.activity_post_update(
        actor=None,
        activity=activity,
        text="Status",
        status="on_track",
        attachment=checked.as_file(),
        attachment_type=checked.content_type,
    )
    assert RANDOM_NAME.match(update.attachment.name)
    return f"/handleplaner/opdatering/{update.pk}/bilag/"


def _response_attachment(published: bool) -> str:
    hearing = make_hearing()
    response = respond(hearing, attachment=ContentFile(pdf_bytes(), name="Mit svar.pdf"))
    if published:
        participation_services.response_publish(actor=None, response=response)
    assert RANDOM_NAME.match(response.attachment.name)
    return f"/deltag/redaktion/svar/{response.pk}/bilag/"


EDITORS = {Role.EDITOR, Role.ADMIN}
READERS_OF_DRAFTS = {Role.EDITOR, Role.ADMIN, Role.COUNCIL}
# (file, state) -> (how to make it, roles that get it, status for the others, personal)
CASES = {
    ("activity attachment", "adopted plan"): (
        lambda: _attachment(ActionPlan.Status.ADOPTED),
        set(ROLES),
        None,
        False,
    ),
    ("activity attachment", "draft plan"): (
        lambda: _attachment(ActionPlan.Status.DRAFT),
        READERS_OF_DRAFTS,
        404,
        True,
    ),
    ("response attachment", "pending"): (lambda: _response_attachment(False), EDITORS, 403, True),
    ("response attachment", "published"): (lambda: _response_attachment(True), EDITORS, 403, True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES), ids=" / ".join)
def test_files_are_served_to_the_roles_allowed_and_only_as_downloads(case, client, user_for_role):
    make, allowed, refused, personal = CASES[case]
    url = make()
    for role in ROLES:
        client.logout()
        if (user := user_for_role(role)) is not None:
            client.force_login(user)
        response = client.get(url)
        if role not in allowed:
            expected = 302 if role == "anonymous" and refused == 403 else refused
            assert response.status_code == expected, (case, role)
            continue
        assert response.status_code == 200, (case, role)
        _assert_download(response, personal=personal)
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def _assert_download(response, *, personal: bool):
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="[A-Za-z0-9._-]+"', disposition), disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert (response["Cache-Control"] == "no-store") == personal


@pytest.mark.django_db
def test_cvs_are_served_to_the_student_and_the_employer_applied_to_only(client, user_for_role):
    from uddannelsesby.bridge import services as bridge_services

    from ..bridge.helpers import pdf_upload

    student = make_student(cv=pdf_upload("Jens Hansen CV.pdf"))
    opportunity = make_opportunity()
    application = bridge_services.application_create(
        student=student, opportunity=opportunity, message="Hej"
    )
    assert RANDOM_NAME.match(student.cv.name)
    assert RANDOM_NAME.match(application.cv.name)
    other_employer = organisation_member(make_opportunity().employer)
    urls = [f"/bro/studerende/{student.pk}/cv/", f"/bro/ansoegninger/{application.pk}/cv/"]
    for url in urls:
        for user in [student.user, organisation_member(opportunity.employer)]:
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200, url
            _assert_download(response, personal=True)
        for role in ROLES:
            client.logout()
            if (user := user_for_role(role)) is not None:
                client.force_login(user)
            assert client.get(url).status_code == (302 if user is None else 403), (url, role)
        client.force_login(other_employer)
        assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_personal_data_export_is_private(client):
    hearing = make_hearing()
    respond(hearing, email="karen@example.dk")
    url = f"/deltag/mine-data/{data_token('karen@example.dk')}/"
    for response in [client.get(url), client.get(url + "?format=json")]:
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


# Not by path, in any mode ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_no_url_under_media_url_serves_anything(client, debug, settings):
    name = default_storage.save("plans/attachments/abc.pdf", ContentFile(pdf_bytes()))
    settings.DEBUG = debug
    urls = importlib.reload(importlib.import_module("uddannelsesby.config.urls"))
    try:
        for path in [settings.MEDIA_URL + name, "/media/" + name, "/media/"]:
            with pytest.raises(Resolver404):
                resolve(path, urlconf=urls)
        assert client.get(settings.MEDIA_URL + name).status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
        default_storage.delete(name)


@pytest.mark.django_db
def test_behind_nginx_django_answers_with_an_internal_redirect(editor_client):
    url = _attachment(ActionPlan.Status.DRAFT)
    with override_settings(FILES_X_ACCEL_REDIRECT="/_files/"):
        response = editor_client.get(url)
    update = ActivityUpdate.objects.get()
    assert response["X-Accel-Redirect"] == "/_files/" + update.attachment.name
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    _assert_download(response, personal=True)


def test_download_names_are_safe_whatever_they_were():
    assert safe_filename('../../etc/passwd"\r\nSet-Cookie: x=1', ".pdf") == (
        "etc-passwd-Set-Cookie-x-1.pdf"
    )
    assert safe_filename("Æblegrød.pdf", ".pdf") == "blegr-d.pdf"
    assert safe_filename("", ".pdf") == "fil.pdf"


@pytest.mark.django_db
def test_files_stored_under_their_old_names_are_still_served_and_renamed(editor_client):
    update_url = _attachment(ActionPlan.Status.ADOPTED)
    update = ActivityUpdate.objects.get()
    content = pdf_bytes(pages=3)
    old = default_storage.save(
        f"activities/{update.activity_id}/Jens rapport.pdf", io.BytesIO(content)
    )
    ActivityUpdate.objects.filter(pk=update.pk).update(attachment=old)
    response = editor_client.get(update_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content

    migration = importlib.import_module(
        "uddannelsesby.plans.migrations.0002_attachments_generated_names"
    )
    migration.rename_attachments(apps, None)
    update.refresh_from_db()
    assert RANDOM_NAME.match(update.attachment.name)
    assert not default_storage.exists(old)
    response = editor_client.get(update_url)
    assert b"".join(response.streaming_content) == content


@pytest.mark.django_db
def test_plan_exports_with_contacts_or_drafts_are_private(editor_client):
    adopted, draft = make_plan(year=2026), make_plan(year=2027, status=ActionPlan.Status.DRAFT)
    for plan, suffix, personal in [
        (adopted, "eksport.csv", True),  # the editors' export names contact people
        (adopted, "eksport.xlsx", True),
        # Open data as an editor reads it: the working copy, which the public may not see.
        (adopted, "aktiviteter.csv", True),
        (adopted, "aktiviteter.json", True),
        (draft, "aktiviteter.csv", True),  # a draft is not public yet
        (draft, "aktiviteter.json", True),
    ]:
        response = editor_client.get(f"/handleplaner/{plan.policy.slug}/{plan.year}/{suffix}")
        assert response.status_code == 200, suffix
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert (response.get("Cache-Control") == "no-store") == personal, (plan, suffix)
    for suffix in ("aktiviteter.csv", "aktiviteter.json"):  # open data, as the public reads it
        response = Client().get(f"/handleplaner/{adopted.policy.slug}/{adopted.year}/{suffix}")
        assert response.status_code == 200, suffix
        assert response.get("Cache-Control") != "no-store", suffix


def test_other_image_formats_never_reach_a_decoder():
    """BMP, TIFF and EPS are images Pillow knows, but not ones we accept."""
    for fmt, name in [("BMP", "a.bmp"), ("TIFF", "a.tiff"), ("BMP", "a.png")]:
        assert _refusal(name, image_bytes(fmt)) == "not_accepted"
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    assert _refusal("a.png", eps) == "not_accepted"


_VALID = [("a.pdf", pdf_bytes()), ("a.png", image_bytes()), ("a.gif", image_bytes("GIF"))]


@settings(max_examples=150, deadline=None)
@given(
    sample=st.sampled_from(_VALID),
    position=st.floats(0, 1),
    junk=st.binary(min_size=1, max_size=16),
    cut=st.booleans(),
)
def test_damaged_files_are_refused_or_accepted_never_an_error(sample, position, junk, cut):
    """Bytes changed or cut anywhere in a real PDF or image: a ValidationError or a clean file,
    never another exception (which would be a 500 next to the form)."""
    name, content = sample
    at = int(position * len(content))
    damaged = content[:at] if cut else content[:at] + junk + content[at + len(junk) :]
    try:
        checked = check_upload(SimpleUploadedFile(name, damaged))
    except ValidationError:
        return
    assert checked.content_type in (PDF, "image/png")


# Every stored file and every view that serves one ---------------------------------------------

# Each file field of the product -> the URL that serves it (tested above by role).
FILE_VIEWS = {
    "plans.ActivityUpdate.attachment": "plans:attachment",
    "participation.Response.attachment": "participation:attachment",
    "bridge.Application.cv": "bridge:application_cv",
    "bridge.StudentProfile.cv": "bridge:student_cv",
    "core.SiteSettings.logo": "core:logo",  # public: tested in tests/setup/test_site_settings.py
}


def _serving_views() -> set[str]:
    """URL names whose view answers with `serve_file` (directly or through a helper)."""
    import inspect

    from django.urls import URLPattern, URLResolver, get_resolver

    found = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern):
                view = inspect.unwrap(pattern.callback)
                source = inspect.getsource(view)
                module = inspect.getmodule(view)
                helpers = {
                    name
                    for name, f in vars(module).items()
                    if inspect.isfunction(f)
                    and f.__module__ == module.__name__
                    and "serve_file(" in inspect.getsource(f)
                }
                if "serve_file(" in source or any(f"{h}(" in source for h in helpers):
                    found.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return found


def test_every_stored_file_is_served_by_one_checked_view():
    fields = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label not in ("admin", "auth", "contenttypes", "sessions")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert fields == set(FILE_VIEWS), "A new file field: serve it with serve_file and list it"
    assert _serving_views() == set(FILE_VIEWS.values())


@pytest.mark.django_db
def test_every_file_serving_view_sends_a_download(client, editor):
    """One file of each field, served: a download with a name of our making and the type the
    upload check found, never sniffed."""
    from uddannelsesby.bridge import services as bridge_services

    from ..bridge.helpers import pdf_upload

    student = make_student(cv=pdf_upload("../Jens Hansen <script>.pdf"))
    opportunity = make_opportunity()
    application = bridge_services.application_create(
        student=student, opportunity=opportunity, message="Hej"
    )
    urls = {
        "plans:attachment": _attachment(ActionPlan.Status.ADOPTED),
        "participation:attachment": _response_attachment(False),
        "bridge:application_cv": f"/bro/ansoegninger/{application.pk}/cv/",
        "bridge:student_cv": f"/bro/studerende/{student.pk}/cv/",
    }
    assert set(urls) == set(FILE_VIEWS.values()) - {"core:logo"}
    for name, url in urls.items():
        client.force_login(student.user if name.startswith("bridge") else editor)
        for method in (client.get, client.head):
            response = method(url)
            assert response.status_code == 200, (name, method)
            assert resolve(url).url_name == name.split(":")[1]
            _assert_download(response, personal=name != "plans:attachment")
            assert response["Content-Type"] == "application/pdf", name
            assert "Jens" not in response["Content-Disposition"]
