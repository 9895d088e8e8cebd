"""Cached public pages (core.pagecache): shared with anonymous visitors only, per language,
never when personal, invalidated by exactly the changes that touch them, on every node."""

import datetime
import os
import threading
import time
import uuid

import pytest
import redis
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.utils import timezone

from uddannelsesby.catalogue import services as catalogue_services
from uddannelsesby.core import pagecache
from uddannelsesby.core import services as core_services
from uddannelsesby.core.idempotency import TOKEN_FIELD
from uddannelsesby.core.pagecache import HIT_HEADER, WRITTEN_COOKIE, pages_touch, public_page
from uddannelsesby.indicators import services as indicator_services
from uddannelsesby.participation import services as participation_services
from uddannelsesby.plans import services as plan_services
from uddannelsesby.policies import services as policy_services

from ..catalogue.helpers import make_programme
from ..participation.helpers import make_hearing, respond
from ..plans.helpers import make_activity, make_plan

# The tests' own database on the machine's Redis (TEST_REDIS_DB); keys under a random prefix.
REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "14"))


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_AGE = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def world(db, page_cache, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"  # indicator imports keep their raw files here
    plan = make_plan()
    activity = make_activity(plan, title="Brobygning til erhvervsskolerne")
    hearing = make_hearing()
    programme = make_programme(title_da="Markedsføringsøkonom")
    indicator_services.catalogue_sync()
    return {"plan": plan, "activity": activity, "hearing": hearing, "programme": programme}


def pages_of(world) -> dict[str, str]:
    policy = world["plan"].policy
    return {
        "home": "/",
        "policy": policy.get_absolute_url(),
        "plan": f"/handleplaner/{policy.slug}/{world['plan'].year}/",
        "hearing": f"/deltag/hoeringer/{world['hearing'].pk}/",
        "indicators": "/indikatorer/",
        "catalogue": "/uddannelser/",
    }


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


def test_a_second_anonymous_request_is_served_from_the_cache(
    world, client, django_assert_num_queries
):
    url = pages_of(world)["policy"]
    first = get(client, url)
    assert first[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = get(Client(), url)
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content


def test_every_public_page_is_stored(world, client):
    for url in pages_of(world).values():
        assert get(client, url)[HIT_HEADER] == "miss"
        assert get(Client(), url)[HIT_HEADER] == "hit", url


def test_pages_vary_by_language(world, client):
    url = pages_of(world)["policy"]
    danish = get(client, url)
    english_client = Client()
    english_client.cookies["django_language"] = "en"
    english = get(english_client, url)
    assert english[HIT_HEADER] == "miss"
    assert b'<html lang="en">' in english.content
    assert b'<html lang="da">' in danish.content
    assert get(english_client, url).content == english.content
    assert b'<html lang="da">' in get(Client(), url).content


def test_pages_vary_by_query_and_htmx(world, client):
    get(client, "/uddannelser/")
    assert get(client, "/uddannelser/?q=marked")[HIT_HEADER] == "miss"
    part = get(client, "/uddannelser/?q=marked", HTTP_HX_REQUEST="true",
               HTTP_HX_TARGET="programme-search")  # fmt: skip
    assert part[HIT_HEADER] == "miss"
    assert b"<html" not in part.content
    assert b"<html" in get(client, "/uddannelser/?q=marked").content


def test_a_logged_in_user_never_gets_the_anonymous_page(world, client, editor):
    url = pages_of(world)["policy"]
    get(client, url)
    editor_client = Client()
    editor_client.force_login(editor)
    page = get(editor_client, url)
    assert HIT_HEADER not in page
    assert editor.get_full_name().encode() in page.content
    assert page["Cache-Control"] == "private, no-store"
    # ... nor is the editor's page stored for anyone.
    anonymous = get(Client(), url)
    assert anonymous[HIT_HEADER] == "hit"
    assert editor.get_full_name().encode() not in anonymous.content
    assert b'name="csrf-token"' not in anonymous.content


@pytest.mark.urls("tests.core.pagecache_urls")
def test_a_page_with_a_csrf_token_is_never_shared(page_cache, db):
    first, second = Client(), Client()
    one = get(first, "/test/form/")
    two = get(second, "/test/form/")
    assert HIT_HEADER not in one
    assert HIT_HEADER not in two
    assert one["Cache-Control"] == two["Cache-Control"] == "private, no-store"
    token = b'name="csrfmiddlewaretoken" value="'
    assert one.content.split(token)[1][:64] != two.content.split(token)[1][:64]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert not [key for key in caches["pages"]._cache if ":page:" in key]  # nothing stored


@pytest.mark.urls("tests.core.pagecache_urls")
def test_a_message_is_never_shared_nor_hidden_by_the_cache(page_cache, db):
    get(Client(), "/")
    assert get(Client(), "/")[HIT_HEADER] == "hit"
    citizen = Client()
    page = citizen.get("/test/message/", follow=True)
    assert "Tak for dit svar, Karen" in page.content.decode()
    assert HIT_HEADER not in page
    assert page["Cache-Control"] == "private, no-store"
    other = get(Client(), "/")
    assert "Karen" not in other.content.decode()
    assert get(citizen, "/")[HIT_HEADER] == "hit"  # the message was shown once


def test_headers_for_anonymous_and_personal_pages(world, client, editor):
    url = pages_of(world)["home"]
    page = get(client, url)
    assert page["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in page["Vary"]  # the language cookie chooses the page
    assert page["ETag"]
    assert page["Last-Modified"]
    assert get(Client(), url)["Cache-Control"] == "public, max-age=60"
    client.force_login(editor)
    assert get(client, url)["Cache-Control"] == "private, no-store"


def _kept_by_nginx(page) -> bool:
    expires = page.get("X-Accel-Expires")
    return expires is not None and int(expires.removeprefix("@")) <= int(time.time())


def test_nginx_may_keep_shared_pages_to_the_end_of_the_second(world, client, settings):
    url = pages_of(world)["home"]
    before = int(time.time())
    for page in (get(client, url), get(Client(), url)):  # built, then from the cache
        assert before <= int(page["X-Accel-Expires"].removeprefix("@")) <= int(time.time())
    assert not _kept_by_nginx(get(Client(), "/konto/log-ind/"))  # a form
    settings.PAGE_CACHE_PROXY_SECONDS = 0
    caches["pages"].clear()
    assert "X-Accel-Expires" not in get(Client(), url)


@pytest.mark.urls("tests.core.pagecache_urls")
def test_nginx_may_keep_a_readers_own_page_for_them_only_when_nothing_in_it_is_once(
    world, client, editor
):
    """nginx keys a logged-in reader's page by their cookies (deploy/nginx): Django lets it keep
    one only when a second load would be the same page, never shared (private, no-store)."""
    url = pages_of(world)["policy"]
    client.force_login(editor)
    first = get(client, url)  # the CSRF cookie is new: set by this answer, so not kept
    assert "csrftoken" in first.cookies
    assert not _kept_by_nginx(first)
    page = get(client, url)
    assert "csrftoken" not in page.cookies  # unchanged: not sent again
    assert _kept_by_nginx(page)
    assert page["Cache-Control"] == "private, no-store"
    assert HIT_HEADER not in page
    assert editor.get_full_name().encode() in page.content
    assert TOKEN_FIELD.encode() not in page.content  # the follow box is one click, no token
    # Never a page with a one-time token (two tabs would post the same), nor a message.
    assert not _kept_by_nginx(get(client, "/test/once/"))
    client.get("/test/message/")
    assert not _kept_by_nginx(get(client, url))
    assert _kept_by_nginx(get(client, url))
    assert not _kept_by_nginx(client.get(url + "ikke-her/"))
    assert _kept_by_nginx(get(Client(), url))  # anonymous: the shared page


@pytest.mark.django_db
def test_a_logged_in_users_post_changes_the_written_cookie(client, editor):
    """The key nginx keeps a reader's page under changes with each of their posts: the page
    after their change is never one kept from before it."""
    url = "/konto/log-ind/"
    assert WRITTEN_COOKIE not in client.post(url, {"username": "x", "password": "y"}).cookies
    client.force_login(editor)
    values = {client.post("/folg/", {}).cookies[WRITTEN_COOKIE].value for _ in range(2)}
    assert len(values) == 2
    assert WRITTEN_COOKIE not in client.get("/").cookies


def test_a_page_from_the_cache_lets_nginx_keep_it_from_now_not_from_when_it_was_built(
    world, client, settings, monkeypatch
):
    """A stored expiry would be in the past by the next hit: nginx would keep nothing."""
    settings.PAGE_CACHE_PROXY_SECONDS = 2
    url = pages_of(world)["home"]
    built = int(get(client, url)["X-Accel-Expires"].removeprefix("@"))
    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)
    hit = get(Client(), url)
    assert hit[HIT_HEADER] == "hit"
    assert hit["X-Accel-Expires"] == f"@{int(later) + 1}" != f"@{built}"


def test_conditional_requests_are_answered_304(world, client):
    url = pages_of(world)["policy"]
    page = get(client, url)
    for headers in (
        {"HTTP_IF_NONE_MATCH": page["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": page["Last-Modified"]},
    ):
        answer = Client().get(url, **headers)
        assert answer.status_code == 304
        assert answer.content == b""
    assert Client().get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


# What each change invalidates ------------------------------------------------------------------


def publish_policy_version(world):
    policy = world["plan"].policy
    commitment = policy.focus_areas.first().commitments.first()
    policy_services.commitment_update(actor=None, commitment=commitment, title="Ny forpligtelse")
    policy_services.policy_adopt(actor=None, policy=policy, adopted_on=timezone.localdate())
    return {"policy": "Ny forpligtelse"}


def post_activity_update(world):
    plan_services.activity_post_update(
        actor=None, activity=world["activity"], text="Første hold er i gang", status="delayed"
    )
    return {"plan": "Forsinket"}


def publish_hearing_response(world):
    response = respond(world["hearing"], text="Flere praktikpladser, tak")
    participation_services.response_publish(actor=None, response=response)
    return {"hearing": "Flere praktikpladser, tak"}


def import_indicators(world):
    path = world["tmp"] / "statusu6.csv"
    rows = ["UDDSTAT;UDDANNELSE;GRUNDBEL;TID;INDHOLD"] + [
        f"{status};TOT;{area};2024;{number}"
        for area in ("657", "661", "101")
        for status, number in (("AA_TOTAL", 300), ("AFBRUDT", 30))
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    indicator_services.observations_import(table="STATUSU6", path=path)
    return {}


def edit_programme(world):
    catalogue_services.programme_update(
        actor=None, programme=world["programme"], title_da="Finansøkonom"
    )
    return {"catalogue": "Finansøkonom"}


def rename_municipality(world):
    core_services.site_settings_save(actor=None, name="Fanø Kommune", place_name="Fanø")
    return {"home": "Fanø Kommune", "catalogue": "Fanø Kommune"}


CHANGES = {
    # change: the pages that must be built again; every other page stays in the cache
    publish_policy_version: {"home", "policy", "plan", "hearing", "indicators"},
    post_activity_update: {"policy", "plan"},
    publish_hearing_response: {"policy", "hearing"},
    import_indicators: {"policy", "indicators"},
    edit_programme: {"catalogue"},
    rename_municipality: {"home", "policy", "plan", "hearing", "indicators", "catalogue"},
}


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_each_change_invalidates_exactly_its_pages(
    change, world, client, tmp_path, django_capture_on_commit_callbacks
):
    pages = pages_of(world)
    for url in pages.values():
        get(client, url)
    world["tmp"] = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        shown = change(world)
    built = {name for name, url in pages.items() if get(client, url)[HIT_HEADER] == "miss"}
    assert built == CHANGES[change]
    for name, text in shown.items():
        assert text in get(client, pages[name]).content.decode()


def test_a_response_waiting_for_moderation_changes_no_page(
    world, client, django_capture_on_commit_callbacks
):
    url = pages_of(world)["hearing"]
    get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        respond(world["hearing"], text="Endnu ikke offentligt")
    assert get(client, url)[HIT_HEADER] == "hit"


def test_a_login_changes_no_page(world, client, editor, django_capture_on_commit_callbacks):
    url = pages_of(world)["plan"]
    get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        editor.last_login = timezone.now()
        editor.save(update_fields=["last_login"])  # as django.contrib.auth does on login
    assert get(client, url)[HIT_HEADER] == "hit"


def test_an_unknown_area_is_refused():
    with pytest.raises(ValueError, match="Unknown page cache areas"):
        public_page("polices")
    with pytest.raises(ValueError, match="Unknown page cache areas"):
        pages_touch("polices")


def test_pages_expire_by_themselves(world, client, settings):
    settings.PAGE_CACHE_SECONDS = 1
    url = pages_of(world)["home"]
    get(client, url)
    expiry = caches["pages"]._expire_info
    for key, when in expiry.items():  # as if two seconds had passed
        if when is not None:
            expiry[key] = when - 2
    assert get(client, url)[HIT_HEADER] == "miss"


# Two nodes sharing Redis ---------------------------------------------------------------------


@pytest.fixture
def redis_pages(settings, page_cache):
    prefix = f"test-pages-{uuid.uuid4().hex[:8]}"
    settings.CACHES = settings.CACHES | {
        "pages": {
            "BACKEND": "uddannelsesby.core.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "KEY_PREFIX": prefix,
        }
    }
    yield
    server = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


class Node:
    """An application server of its own: its own thread, database connection and Redis
    connection (Django keeps both per thread), sharing only PostgreSQL/SQLite and Redis."""

    def get(self, url: str):
        result = {}

        def run():
            try:
                result["response"] = Client().get(url)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(timeout=60)
        return result["response"]


@pytest.mark.django_db(transaction=True)
def test_a_change_on_one_node_is_seen_on_the_other(redis_pages):
    plan = make_plan()
    policy = plan.policy
    url = policy.get_absolute_url()
    one, two = Node(), Node()
    assert one.get(url)[HIT_HEADER] == "miss"
    assert two.get(url)[HIT_HEADER] == "hit"  # stored by the first node, in Redis

    # An editor changes a commitment and publishes it on the first node.
    commitment = policy.focus_areas.first().commitments.first()
    policy_services.commitment_update(actor=None, commitment=commitment, title="Delt forpligtelse")
    policy_services.policy_adopt(
        actor=None, policy=policy, adopted_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = two.get(url)
    assert page[HIT_HEADER] == "miss"
    assert "Delt forpligtelse" in page.content.decode()
    assert one.get(url)[HIT_HEADER] == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_hit_is_one_round_trip_to_redis(redis_pages, monkeypatch):
    """The page and the generations of its areas come in one MGET: a hit used to take two
    round trips (generations, then the page) and a new Redis client for each."""
    plan = make_plan()
    url = plan.policy.get_absolute_url()
    client = Client()
    assert client.get(url)[HIT_HEADER] == "miss"
    commands = []
    redis_client = caches["pages"]._cache.get_client()
    assert caches["pages"]._cache.get_client(write=True) is redis_client  # one client, reused
    original = type(redis_client).execute_command

    def counted(self, *args, **options):
        commands.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(type(redis_client), "execute_command", counted)
    assert client.get(url)[HIT_HEADER] == "hit"
    assert commands == ["MGET"]
    # A change to one of its areas: the stored page no longer matches its generation.
    policy_services.commitment_update(
        actor=None,
        commitment=plan.policy.focus_areas.first().commitments.first(),
        title="Ny forpligtelse",
    )
    assert client.get(url)[HIT_HEADER] == "miss"


def test_new_static_files_start_with_fresh_pages(world, client, monkeypatch):
    """A deploy that changes a style sheet under the same version number: the pages stored
    before it name the old files, so a process started with the new manifest does not use
    them (the key holds the manifest's hash)."""
    url = pages_of(world)["policy"]
    assert get(client, url)[HIT_HEADER] == "miss"
    assert get(Client(), url)[HIT_HEADER] == "hit"
    monkeypatch.setattr(staticfiles_storage, "manifest_hash", "new-manifest", raising=False)
    pagecache.release.cache_clear()
    try:
        assert get(Client(), url)[HIT_HEADER] == "miss"
        assert get(Client(), url)[HIT_HEADER] == "hit"
    finally:
        monkeypatch.undo()
        pagecache.release.cache_clear()
