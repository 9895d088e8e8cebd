"""Feeds of the same events, and "send me the policy"."""

import datetime
import xml.etree.ElementTree as ET

from django.core import mail

from uddannelsesby.policies import services as policy_services

from ..factories import adopted_policy, policy_with_parts
from ..participation.helpers import make_hearing, make_meeting
from ..plans.helpers import make_activity, make_plan

ATOM = "{http://www.w3.org/2005/Atom}"


def test_policy_feed_in_rss_and_atom_and_linked_from_the_page(client, db):
    hearing = make_hearing()
    policy = hearing.version.policy
    policy_services.policy_adopt(
        actor=None, policy=policy, adopted_on=datetime.date(2026, 5, 1), resolve_blockers=True
    )
    rss = client.get(f"/folg/feed/politik/{policy.slug}/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    titles = [item.findtext("title") for item in ET.fromstring(rss.content).iter("item")]
    assert titles[0] == f"Politik vedtaget: “{policy.title}”"
    assert titles[1].startswith("Høring: “Høring over udkastet” er åben til ")
    atom = ET.fromstring(client.get(f"/folg/feed/politik/{policy.slug}/atom/").content)
    assert len(atom.findall(f"{ATOM}entry")) == 2
    page = client.get(policy.get_absolute_url()).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert f"/folg/feed/politik/{policy.slug}/atom/" in page
    assert client.get(f"/folg/feed/politik/{policy.slug}/json/").status_code == 404


def test_a_draft_policy_has_no_feed(client, db):
    policy = policy_with_parts()
    assert client.get(f"/folg/feed/politik/{policy.slug}/rss/").status_code == 404


def test_hearing_meeting_and_plan_feeds(client, db):
    make_hearing()
    make_meeting(title="Åbent møde")
    hearings = ET.fromstring(client.get("/folg/feed/hoeringer/rss/").content)
    assert len(list(hearings.iter("item"))) == 1
    meetings = ET.fromstring(client.get("/folg/feed/borgermoeder/rss/").content)
    assert [i.findtext("title") for i in meetings.iter("item")][0].startswith("Borgermøde:")
    page = client.get("/deltag/borgermoeder/").content.decode()
    assert "/folg/feed/borgermoeder/rss/" in page

    plan = make_plan()
    activity = make_activity(plan)
    from uddannelsesby.plans import services as plan_services

    plan_services.activity_post_update(
        actor=None, activity=activity, text="Godt i gang", status="started"
    )
    feed = client.get(f"/folg/feed/handleplan/{plan.policy.slug}/{plan.year}/rss/")
    (item,) = ET.fromstring(feed.content).iter("item")
    assert "Aktivitet" in item.findtext("title")


def test_send_me_the_policy(client, db, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "http://testserver"
    policy = adopted_policy()
    page = client.get(f"/folg/politik/{policy.slug}/send/")
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/folg/politik/{policy.slug}/send/", {"email": "mia@example.dk"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["mia@example.dk"]
    assert f"http://testserver{policy.get_absolute_url()}" in message.body
    ((name, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")


def test_send_me_the_policy_is_rate_limited_and_keeps_the_address(client, db, settings):
    policy = adopted_policy()
    for _ in range(10):
        client.post(f"/folg/politik/{policy.slug}/send/", {"email": "mia@example.dk"})
    response = client.post(f"/folg/politik/{policy.slug}/send/", {"email": "mia@example.dk"})
    assert response.status_code == 400
    assert 'value="mia@example.dk"' in response.content.decode()


def test_a_policy_not_adopted_cannot_be_sent(client, db):
    policy = policy_with_parts()
    assert client.get(f"/folg/politik/{policy.slug}/send/").status_code == 404


def _follow_box(page: str) -> str:
    start = page.index('<section class="follow-box')
    return page[start : page.index("</section>", start)]


def test_the_feeds_are_visible_in_the_follow_box_not_only_in_the_head(client, db):
    """Browsers no longer show <link rel="alternate">: a reader finds the feed in the box."""
    policy = adopted_policy()
    box = _follow_box(client.get(policy.get_absolute_url()).content.decode())
    assert "Nyhedsfeed:" in box
    rss = f'<a href="/folg/feed/politik/{policy.slug}/rss/" type="application/rss+xml">RSS</a>'
    assert rss in box
    assert f'href="/folg/feed/politik/{policy.slug}/atom/"' in box
    meetings = _follow_box(client.get("/deltag/borgermoeder/").content.decode())
    assert 'href="/folg/feed/borgermoeder/rss/"' in meetings
    hearing = make_hearing()
    # A hearing has no feed of its own: its box shows none.
    assert "Nyhedsfeed" not in _follow_box(client.get(hearing.get_absolute_url()).content.decode())
