import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from uddannelsesby.plans import services
from uddannelsesby.plans.models import ActivityUpdate

from ..samples import pdf_bytes
from .helpers import make_activity, make_plan

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def post_update(client, activity, **extra):
    data = {"status": "on_track", "kind": "update", "date": "2026-03-01", "text": "Status"}
    return client.post(f"/handleplaner/aktivitet/{activity.pk}/opdater/", data | extra)


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("rapport.pdf", pdf_bytes(), True),
        ("billede.png", png_bytes(), True),
        ("rapport.pdf", b"MZ\x90\x00 not a pdf at all", False),  # a name is not a content type
        ("script.png", b"<script>alert(1)</script>", False),
    ],
)
def test_attachments_are_checked_by_content(editor_client, name, content, accepted):
    activity = make_activity(make_plan())
    response = post_update(editor_client, activity, attachment=SimpleUploadedFile(name, content))
    assert response.status_code == (302 if accepted else 400)
    if not accepted:
        html = response.content.decode()
        assert 'id="id_attachment-error"' in html
        assert "Status" in html  # the text the user typed is kept
        assert not ActivityUpdate.objects.exists()
        return
    update = ActivityUpdate.objects.get()
    download = editor_client.get(f"/handleplaner/opdatering/{update.pk}/bilag/")
    assert download.status_code == 200
    assert download["Content-Type"] == update.attachment_type
    served = b"".join(download.streaming_content)
    if name.endswith(".pdf"):
        assert served == content  # a PDF is kept byte for byte
    else:
        assert Image.open(io.BytesIO(served)).size == (4, 4)  # an image is re-encoded


def test_an_update_without_text_is_explained(editor_client):
    activity = make_activity(make_plan())
    response = post_update(editor_client, activity, text="", progress="140")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_text-error"' in html
    assert 'id="id_progress-error"' in html
    assert 'value="140"' in html


def test_create_an_activity_through_the_form(editor_client):
    plan = make_plan()
    commitment = plan.policy.focus_areas.first().commitments.first()
    organisation = make_activity(plan).responsible
    data = {
        "title": "Ny aktivitet",
        "commitments": [commitment.pk],
        "responsible": organisation.pk,
        "budget": "1000",
        "spent": "0",
        "status": "started",
        "weight": "2",
        "cadence": "3",
        "starts_on": "2026-05-01",
        "ends_on": "2026-04-01",
    }
    url = f"/handleplaner/{plan.policy.slug}/{plan.year}/aktiviteter/ny/"
    response = editor_client.post(url, data)
    assert response.status_code == 400
    assert "id_ends_on-error" in response.content.decode()
    response = editor_client.post(url, data | {"ends_on": "2026-12-01"})
    assert response.status_code == 302
    activity = plan.activities.get(title="Ny aktivitet")
    assert activity.progress == 10  # suggested by the status


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_plan_page_and_coverage_queries_do_not_grow(client):
    small, large = make_plan(year=2025, areas=2), make_plan(year=2026, areas=6)
    for _ in range(3):
        make_activity(small)
    for area in large.policy.focus_areas.all():
        for commitment in area.commitments.all():
            make_activity(large, commitments=[commitment])
            make_activity(large, commitments=[commitment])
    for page in ["/handleplaner/{}/{}/", "/handleplaner/{}/daekning/"]:
        assert count_queries(client, page.format(small.policy.slug, small.year)) == count_queries(
            client, page.format(large.policy.slug, large.year)
        )


def test_progress_bars_are_named_for_screen_readers(client):
    plan = make_plan()
    make_activity(plan, title="Mentorordning", status="on_track")
    html = client.get(f"/handleplaner/{plan.policy.slug}/{plan.year}/").content.decode()
    assert '<progress max="100" value="50"' in html
    assert "Mentorordning" in html


@pytest.mark.parametrize(
    ("status", "close", "announced"),
    [("on_track", False, True), ("done", False, False), ("cancelled", False, False),
     ("on_track", True, False)],
)  # fmt: skip
def test_next_update_is_announced_only_where_one_is_expected(client, status, close, announced):
    plan = make_plan(year=2025)
    activity = make_activity(plan, title="Mentorordning", status=status)
    if close:
        services.plan_close(actor=None, plan=plan)
    client.cookies["django_language"] = "en"
    html = client.get(f"/handleplaner/aktivitet/{activity.pk}/").content.decode()
    assert ("next update due" in html) is announced
