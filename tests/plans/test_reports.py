"""The annual report (HTML and PDF/UA-1) and the council-period calendar."""

import datetime
import io
from decimal import Decimal

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uddannelsesby.plans import reports
from uddannelsesby.policies.services import next_review_date

from ..factories import PolicyFactory
from .factories import activity, plan_site


@pytest.fixture
def site(db):
    return plan_site()


# --- the annual report ---


def test_the_report_rolls_up_per_focus_area_and_commitment(site):
    report = reports.annual_report(site.plan, today=datetime.date(2026, 6, 1))
    assert report.as_of == datetime.date(2026, 6, 1)
    assert (report.rollup.activities, report.done, report.late) == (3, 1, 1)
    first_area, second_area = report.areas
    mentor_commitment, fair_commitment = first_area.commitments
    # The mentor scheme serves two commitments of the first area: counted once in the area.
    assert first_area.rollup.activities == 2
    assert first_area.rollup.budget == Decimal("300000.50")
    assert (first_area.done, first_area.late) == (0, 1)
    assert mentor_commitment.spent == Decimal("100000.25")
    assert [a.title for a in fair_commitment.activities] == [
        "Mentorordning for unge",
        "Praktikpladsmesse",
    ]
    assert fair_commitment.late == 1
    assert second_area.done == 1
    assert report.uncovered == [site.uncovered]
    assert [a.title for a in report.late_activities] == ["Praktikpladsmesse"]


def test_open_activities_past_their_end_are_late(site):
    activity(
        site.plan,
        title="Glemt",
        ends_on=datetime.date(2026, 5, 1),
        status="started",
        responsible=site.organisations[0],
    )
    before = reports.annual_report(site.plan, today=datetime.date(2026, 4, 30))
    after = reports.annual_report(site.plan, today=datetime.date(2026, 5, 2))
    assert "Glemt" not in [a.title for a in before.late_activities]
    assert "Glemt" in [a.title for a in after.late_activities]
    # After the year is over, the report counts as of 31 December.
    later = reports.annual_report(site.plan, today=datetime.date(2027, 3, 1))
    assert later.as_of == datetime.date(2026, 12, 31)


def test_the_report_costs_a_constant_number_of_queries(site):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            reports.annual_report(site.plan, today=datetime.date(2026, 6, 1))
        return len(queries)

    few = count()
    for n in range(20):
        activity(site.plan, title=f"Ekstra {n}", commitments=site.commitments[n % 3 : n % 3 + 1])
    assert count() == few


def test_the_report_page(client, site):
    response = client.get("/handleplaner/uddannelse/2026/rapport/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mentorordning for unge" in html
    assert "Praktikpladsmesse" in html
    assert 'href="/handleplaner/uddannelse/2026/rapport.pdf"' in html
    assert "<style" not in html
    assert ' style="' not in html
    assert html.count("<caption") >= 4


def test_a_draft_report_is_hidden_from_the_public(client, editor, site):
    assert client.get("/handleplaner/uddannelse/2027/rapport/").status_code == 404
    assert client.get("/handleplaner/uddannelse/2027/rapport.pdf").status_code == 404
    client.force_login(editor)
    assert client.get("/handleplaner/uddannelse/2027/rapport/").status_code == 200


@pytest.fixture
def pdf(client, site):
    response = client.get("/handleplaner/uddannelse/2026/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pikepdf.open(io.BytesIO(response.content))


def test_the_report_pdf_is_tagged_pdf_ua_1_in_danish(pdf):
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "da"
    assert root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"].endswith(" 2026 – Uddannelsespolitik")


def test_the_report_pdf_has_headings_and_tables_in_its_structure(pdf):
    kinds = set()

    def walk(node):
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            kinds.add(str(node.S))
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD"} <= kinds


def test_the_report_pdf_in_english(client, site, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/handleplaner/uddannelse/2026/rapport.pdf")
    pdf = pikepdf.open(io.BytesIO(response.content))
    assert str(pdf.Root.Lang) == "en"
    with pdf.open_metadata() as meta:
        assert meta["dc:title"] == "Annual report 2026 – Uddannelsespolitik"


# --- the council-period calendar ---


@pytest.mark.parametrize(
    ("year", "start"), [(2022, 2022), (2025, 2022), (2026, 2026), (2029, 2026), (2021, 2018)]
)
def test_council_periods(year, start):
    assert reports.council_period_start(year) == start


def test_election_day_is_the_third_tuesday_of_november():
    assert reports.election_day(2025) == datetime.date(2025, 11, 18)
    assert reports.election_day(2021) == datetime.date(2021, 11, 16)
    assert reports.election_day(2029) == datetime.date(2029, 11, 20)


def test_the_calendar_runs_from_adoption_to_the_review(site):
    site.policy.refresh_from_db()
    assert site.policy.adopted_on == datetime.date(2026, 3, 1)
    periods = reports.council_calendar(site.policy, today=datetime.date(2026, 6, 1))
    assert [p.start for p in periods] == [2026, 2030]
    events = {(e.kind, e.date) for p in periods for e in p.events}
    assert ("review", next_review_date(datetime.date(2026, 3, 1))) in events
    assert ("review", datetime.date(2032, 1, 1)) in events
    assert ("budget", datetime.date(2026, 9, 15)) in events
    assert ("budget", datetime.date(2026, 10, 15)) in events
    assert ("plan", datetime.date(2026, 10, 1)) in events
    assert ("plan", datetime.date(2026, 12, 15)) in events
    assert ("election", datetime.date(2029, 11, 20)) in events
    assert ("policy", datetime.date(2026, 3, 1)) in events
    for period in periods:
        dates = [e.date for e in period.events]
        assert dates == sorted(dates)
        assert all(period.start <= d.year <= period.end for d in dates)


def test_a_draft_policy_gets_the_current_and_next_period(db):
    policy = PolicyFactory()
    periods = reports.council_calendar(policy, today=datetime.date(2027, 5, 1))
    assert [p.start for p in periods] == [2026, 2030]
    assert not any(e.kind == "review" for p in periods for e in p.events)


def test_an_old_policy_shows_the_current_and_next_period_and_an_overdue_review(
    site, client, editor
):
    """Adopted in 2008 and due for review in 2012: not the periods 2006-2013, and the review
    is not announced as if it were ahead."""
    policy = site.policy
    policy.adopted_on, policy.next_review_on = datetime.date(2008, 3, 1), datetime.date(2012, 1, 1)
    policy.save()
    today = datetime.date(2026, 12, 4)
    periods = reports.council_calendar(policy, today=today)
    assert [p.start for p in periods] == [2026, 2030]
    assert reports.review_due_state(policy, today=today) == "overdue"
    for url in [f"/handleplaner/{policy.slug}/eftersyn/", f"/handleplaner/{policy.slug}/kalender/"]:
        html = client.get(url).content.decode()
        assert "skulle have haft serviceeftersyn i januar 2012; eftersynet er forsinket" in html
        assert "skal have serviceeftersyn i januar 2012" not in html
    html = client.get(f"/handleplaner/{policy.slug}/kalender/").content.decode()
    assert "2006" not in html
    assert "2010–2013" not in html
    assert "2026–2029" in html
    assert "2030–2033" in html


def test_the_calendar_page_and_icalendar(client, editor, site):
    response = client.get("/handleplaner/uddannelse/kalender/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<time datetime="2032-01-01">' in html
    # The plan for 2027 is drafted in 2026: linked for those who may read the draft.
    assert 'href="/handleplaner/uddannelse/2027/"' not in html
    client.force_login(editor)
    html = client.get("/handleplaner/uddannelse/kalender/").content.decode()
    assert 'href="/handleplaner/uddannelse/2027/"' in html
    ics = client.get("/handleplaner/uddannelse/kalender.ics")
    assert ics.status_code == 200
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    text = ics.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20320101\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") > 20


def test_a_draft_policy_calendar_is_hidden_from_the_public(client, editor, db):
    PolicyFactory(slug="kladde")
    assert client.get("/handleplaner/kladde/kalender/").status_code == 404
    client.force_login(editor)
    assert client.get("/handleplaner/kladde/kalender/").status_code == 200
