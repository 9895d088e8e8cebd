"""The site-wide search page: every kind, what each role may see, the index following changes."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uddannelsesby.catalogue import services as catalogue_services
from uddannelsesby.plans.models import ActionPlan
from uddannelsesby.policies import services as policy_services
from uddannelsesby.policies.models import Commitment
from uddannelsesby.search.models import SearchEntry
from uddannelsesby.search.selectors import site_search

from ..catalogue.helpers import make_event, make_programme
from ..conftest import ROLES
from ..factories import policy_with_parts
from ..participation.helpers import make_hearing, make_meeting
from ..plans.factories import activity, plan_for

pytestmark = pytest.mark.django_db

PUBLIC = [
    "Politik om kvantespring",
    "Kvantespring for unge",  # a commitment of the adopted version
    "Kvantespringværksted",
    "Høring om kvantespring",
    "Borgermøde om kvantespring",
    "Kvantespringfest",
    "Kvantespringuddannelsen",
    "Kollegiet Kvantespring",
    "Studiejob med kvantespring",
]
HIDDEN = [
    "Hemmelig kvantespringpolitik",  # never sent to hearing or adopted
    "Kvantespring omdøbt i arbejdskopien",  # a rename that is not adopted yet
    "Kvantespring i kladdeplanen",  # an activity of a draft plan
    "Kommende høring om kvantespring",  # a hearing that has not opened
    "Kvantespring i et kladdeopslag",  # an opportunity not yet published
    "Kvantespring efter fristen",  # an opportunity past its deadline
    "Kvantespring hos en uverificeret",  # an opportunity of an unverified employer
]


def build_site() -> None:
    from ..bridge.helpers import make_employer, make_opportunity

    today = timezone.localdate()
    policy = policy_with_parts(1, 1, title="Politik om kvantespring", slug="kvantespring")
    Commitment.objects.filter(focus_area__policy=policy).update(title="Kvantespring for unge")
    policy_services.policy_adopt(actor=None, policy=policy, adopted_on=datetime.date(2026, 3, 1))
    policy.title = "Kvantespring omdøbt i arbejdskopien"
    policy.save()
    policy_with_parts(1, 1, title="Hemmelig kvantespringpolitik", slug="hemmelig")
    activity(plan_for(policy, 2026), title="Kvantespringværksted")
    activity(plan_for(policy, 2027, ActionPlan.Status.DRAFT), title="Kvantespring i kladdeplanen")
    make_hearing(title="Høring om kvantespring")
    make_hearing(
        title="Kommende høring om kvantespring",
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=40),
    )
    make_meeting(title="Borgermøde om kvantespring")
    make_event(title="Kvantespringfest")
    make_programme(title_da="Kvantespringuddannelsen")
    catalogue_services.housing_create(
        actor=None, name="Kollegiet Kvantespring", kind="dormitory", street_address="Vej 1",
        postal_code="7400", city="Herning", rent_min=3000, rent_max=4000, size_min=20,
        size_max=30, waiting_list="Skriv dig op.",
    )  # fmt: skip
    make_opportunity(title="Studiejob med kvantespring")
    make_opportunity(title="Kvantespring i et kladdeopslag", published=False)
    late = make_opportunity(title="Kvantespring efter fristen")
    late.deadline = today - datetime.timedelta(days=1)
    late.save()
    make_opportunity(make_employer(verified=False), title="Kvantespring hos en uverificeret")


@pytest.fixture
def site(db):
    build_site()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_every_public_kind_and_nothing_else(client, user_for_role, site, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    response = client.get("/soeg/", {"q": "kvantespring"})
    assert response.status_code == 200
    content = response.content.decode()
    for title in PUBLIC:
        assert title in content, (role, title)
    for title in HIDDEN:
        assert title not in content, (role, title)
    search = response.context["search"]
    assert search.count == len(PUBLIC)
    assert {f.value: f.count for f in search.facets} == {
        "programme": 1, "policy": 1, "commitment": 1, "activity": 1, "hearing": 1,
        "meeting": 1, "event": 1, "housing": 1, "opportunity": 1,
    }  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_hidden_things_are_not_found_by_their_own_words_either(client, user_for_role, site, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    for words in ["hemmelig", "omdøbt arbejdskopien", "kladdeplanen", "kommende", "kladdeopslag",
                  "fristen", "uverificeret"]:  # fmt: skip
        response = client.get("/soeg/", {"q": words})
        assert response.context["search"].count == 0, (role, words)
        # "Did you mean" only offers words that find something the visitor may see.
        for suggestion in response.context["search"].suggestions:
            assert site_search(text=suggestion).count


def test_the_kind_filter_and_the_counts(client, site):
    response = client.get("/soeg/", {"q": "kvantespring", "kind": ["event", "housing"]})
    titles = [entry.title for entry, _label in response.context["results"]]
    assert sorted(titles) == ["Kollegiet Kvantespring", "Kvantespringfest"]
    assert response.context["search"].count == 2
    content = response.content.decode()
    assert "Begivenhed" in content or "Event" in content


def test_pages(client, db):
    for n in range(25):
        make_event(title=f"Kvantespringfest nummer {n}")
    first = client.get("/soeg/", {"q": "kvantespringfest"})
    second = client.get("/soeg/", {"q": "kvantespringfest", "side": 2})
    assert len(first.context["results"]) == 20
    assert len(second.context["results"]) == 5
    assert "side=2" in first.content.decode()


def test_exact_title_words_rank_first(db):
    make_event(title="Fest", description="Kvantespring")  # only the description
    make_event(title="Kvantespringfest")  # a compound part of the title
    make_event(title="Kvantespring")  # the word itself
    titles = [e.title for e in site_search(text="kvantespring").results]
    assert titles == ["Kvantespring", "Kvantespringfest", "Fest"]


def test_nothing_found_suggests_the_nearest_words(client, db):
    make_programme(title_da="Sygeplejerskeuddannelsen")
    response = client.get("/soeg/", {"q": "sygplejeske"})  # two typos: nothing found
    assert response.context["search"].count == 0
    assert response.context["search"].suggestions
    assert "Mente du" in response.content.decode() or "Did you mean" in response.content.decode()


def test_an_empty_page_and_bad_input(client, db):
    assert client.get("/soeg/").status_code == 200
    response = client.get("/soeg/", {"q": "x" * 300})
    assert response.status_code == 400
    assert "x" * 300 in response.content.decode()  # what was typed is kept
    assert client.get("/soeg/", {"q": "kvant", "kind": "nonsense"}).status_code == 400


def test_the_index_follows_every_change(db):
    programme = make_programme(title_da="Datamatiker")
    assert site_search(text="datamatiker").count == 1
    catalogue_services.programme_update(actor=None, programme=programme, title_da="Finansøkonom")
    assert site_search(text="datamatiker").count == 0
    assert site_search(text="finansøkonomer").count == 1
    catalogue_services.institution_update(
        actor=None, institution=programme.institution, name="Erhvervsakademi Kvantespring"
    )
    assert site_search(text="kvantespring").count == 1
    catalogue_services.programme_delete(actor=None, programme=programme)
    assert site_search(text="finansøkonom").count == 0
    assert not SearchEntry.objects.filter(kind="programme").exists()


def test_a_new_version_replaces_the_policys_entries(db):
    policy = policy_with_parts(1, 1, title="Første titel", slug="p")
    assert site_search(text="første").count == 0  # a draft
    policy_services.policy_adopt(actor=None, policy=policy, adopted_on=datetime.date(2026, 1, 5))
    assert site_search(text="første").count == 1
    policy.title = "Anden titel"
    policy.save()
    policy_services.policy_adopt(actor=None, policy=policy, adopted_on=datetime.date(2026, 2, 5))
    assert site_search(text="første").count == 0
    assert site_search(text="anden titel").count == 1


def test_publishing_an_opportunity_makes_it_findable(db):
    from ..bridge.helpers import make_opportunity

    opportunity = make_opportunity(title="Kvantespringjob", published=False)
    assert site_search(text="kvantespringjob").count == 0
    opportunity.status = opportunity.Status.PUBLISHED
    opportunity.save()
    assert site_search(text="kvantespringjob").count == 1


def test_the_command_rebuilds_the_index(site):
    SearchEntry.objects.all().delete()
    assert site_search(text="kvantespring").count == 0
    call_command("search_index", stdout=io.StringIO())
    assert site_search(text="kvantespring").count == len(PUBLIC)


def test_queries_per_search_are_constant(site):
    counts = set()
    for text in ["kvantespring", "kvantespringfest", "borgermøde", "høringer", "studiejob"]:
        with CaptureQueriesContext(connection) as queries:
            search = site_search(text=text)
            list(search.results[:20])
        counts.add(len(queries))
    assert counts == {3}


def test_a_search_reads_the_matches_once(site):
    """The counts per kind and the page's ids come from one pass over the matches: a second
    full-text match of a common word doubled the time of every search."""
    with CaptureQueriesContext(connection) as queries:
        search = site_search(text="kvantespring")
        titles = [entry.title for entry in search.results[:20]]
    matches = [q["sql"] for q in queries if "search_entry_fts" in q["sql"] or "@@" in q["sql"]]
    assert len(matches) == 1
    assert sorted(titles) == sorted(PUBLIC)


def test_every_page_of_the_results_is_in_rank_order(db):
    for n in range(45):
        make_event(title=f"Fest {n:02}", description="kvantespring")  # only the description
    make_event(title="Kvantespring")  # the word itself: first
    everything = [e.title for e in site_search(text="kvantespring").results]
    assert everything == ["Kvantespring", *(f"Fest {n:02}" for n in range(45))]
    for page in (1, 2, 3):
        search = site_search(text="kvantespring", page=page)
        start = (page - 1) * 20
        assert [e.title for e in search.results[start : start + 20]] == everything[start:][:20]
    # A page number out of range, or none: the page the paginator asks for is still right.
    assert [e.title for e in site_search(text="kvantespring", page="x").results[40:46]] == (
        everything[40:]
    )
    assert [e.title for e in site_search(text="kvantespring", page=9).results[:3]] == (
        everything[:3]
    )


def test_a_page_out_of_range_ranks_only_what_the_public_may_see(client, site):
    """The paginator answers a page number past the end with the last page, a slice the
    first query did not rank: it is ranked among the visible entries alone, never among the
    drafts (whose titles here rank first), and the page comes whole."""
    for n in range(25):
        make_event(title=f"Fest {n:02}", description="kvantespring")
    everything = [e.title for e in site_search(text="kvantespring").results]
    assert len(everything) == len(PUBLIC) + 25
    assert not set(everything) & set(HIDDEN)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/soeg/", {"q": "kvantespring", "side": "99"})
    assert [entry.title for entry, _kind in response.context["results"]] == everything[20:]
    assert len([q for q in queries if "search_searchentry" in q["sql"]]) <= 3


def test_a_hearing_is_found_from_the_day_it_opens(db):
    """What the public may see is compiled once a day: the next day's search uses the next
    day's condition."""
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    make_hearing(
        title="Høring om kvantespring",
        starts_on=tomorrow,
        ends_on=today.replace(year=today.year + 1),
    )
    assert site_search(text="kvantespring").count == 0
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert [r.title for r in site_search(text="kvantespring").results] == [
            "Høring om kvantespring"
        ]
    assert site_search(text="kvantespring").count == 0
