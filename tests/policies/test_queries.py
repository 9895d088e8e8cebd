import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import adopted_policy, policy_with_parts


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_policy_page_queries_do_not_grow_with_focus_areas(client):
    small = adopted_policy(areas=5, commitments=3)
    large = adopted_policy(areas=50, commitments=3)
    assert count_queries(client, f"/politikker/{small.slug}/") == count_queries(
        client, f"/politikker/{large.slug}/"
    )


@pytest.mark.django_db
def test_draft_preview_and_editor_page_queries_do_not_grow(editor_client):
    small = policy_with_parts(areas=5, commitments=3)
    large = policy_with_parts(areas=50, commitments=3)
    for page in ["/politikker/redaktion/{}/", "/politikker/redaktion/{}/forhaandsvisning/"]:
        assert count_queries(editor_client, page.format(small.slug)) == count_queries(
            editor_client, page.format(large.slug)
        )
