"""The policy page as a logged-in editor sees it: each read made once, and the body (contents,
facts, focus areas, commitments, panels) shared from the page cache, personal parts never."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from uddannelsesby.accounts.models import Role
from uddannelsesby.policies import services as policy_services

from ..factories import UserFactory, adopted_policy
from ..plans.helpers import make_activity, make_plan

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def logged_in(user, language: str = "da") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def get(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("areas", [3, 30])
def test_the_editor_page_reads_each_thing_once(areas, editor_client, django_assert_max_num_queries):
    """Built afresh (no cache), the page reads the policy's public version, its commitments and
    its completed mid-term reviews once each, whatever their number (it read each twice)."""
    plan = make_plan(areas=areas)
    make_activity(plan, title="Brobygning")
    with django_assert_max_num_queries(21) as context:
        get(editor_client, plan.policy.get_absolute_url())
    sql = [query["sql"] for query in context.captured_queries]
    version_reads = [s for s in sql if s.startswith('SELECT "policies_policyversion"')]
    commitment_reads = [s for s in sql if s.startswith('SELECT "policies_commitment"')]
    review_reads = [s for s in sql if s.startswith('SELECT "plans_midtermreview"')]
    assert (len(version_reads), len(commitment_reads), len(review_reads)) == (1, 1, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("areas", [3, 30])
def test_a_cached_editor_page_costs_few_queries(
    areas, editor, page_cache, django_assert_max_num_queries
):
    policy = adopted_policy(areas=areas, commitments=4)
    client = logged_in(editor)
    first = get(client, policy.get_absolute_url())
    with django_assert_max_num_queries(8):
        second = get(client, policy.get_absolute_url())
    commitments = areas * 4
    assert first.count(b'class="commitment"') == second.count(b'class="commitment"') == commitments


@pytest.mark.django_db
def test_an_edit_shows_at_once(editor, page_cache, django_capture_on_commit_callbacks):
    policy = adopted_policy()
    client = logged_in(editor)
    assert b"Kommunens strategi" not in get(client, policy.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        policy_services.policy_link_create(
            actor=editor,
            policy=policy,
            kind="other",
            title="Kommunens strategi",
            url="https://example.dk/strategi",
        )
    assert b"Kommunens strategi" in get(client, policy.get_absolute_url())


@pytest.mark.django_db
def test_personal_parts_are_never_shared(page_cache, django_assert_max_num_queries):
    policy = adopted_policy()
    url = policy.get_absolute_url()
    ada = UserFactory(role=Role.EDITOR, first_name="Ada", last_name="Aalund")
    bo = UserFactory(role=Role.EDITOR, first_name="Bo", last_name="Bisgaard")
    ada_page = get(logged_in(ada), url)
    bo_client = logged_in(bo)
    with django_assert_max_num_queries(8):  # the body came from the cache Ada's page filled
        bo_page = get(bo_client, url)
    assert b"Ada Aalund" in ada_page
    assert b"Ada Aalund" not in bo_page
    assert b"Bo Bisgaard" in bo_page
    ada_tokens, bo_tokens = set(CSRF.findall(ada_page)), set(CSRF.findall(bo_page))
    assert ada_tokens
    assert bo_tokens
    assert not ada_tokens & bo_tokens
    # The editor's link to the editing pages is not in the shared part.
    editor_link = f'href="/politikker/redaktion/{policy.slug}/"'.encode()
    assert editor_link in ada_page
    council = UserFactory(role=Role.COUNCIL, first_name="Cy", last_name="Carlsen")
    council_page = get(logged_in(council), url)
    assert b"Cy Carlsen" in council_page
    assert b"Ada Aalund" not in council_page
    assert editor_link not in council_page
    assert editor_link not in get(Client(), url)


@pytest.mark.django_db
def test_the_body_differs_by_language(editor, page_cache):
    policy = adopted_policy()
    english = get(logged_in(editor, "en"), policy.get_absolute_url())
    danish = get(logged_in(editor, "da"), policy.get_absolute_url())
    assert b"What we will do" in english
    assert b"What we will do" not in danish
    assert b"Focus area 1:" in english
    assert b"Focus area 1:" not in danish
