"""All of a municipality's policies in one place: grouped by area and status, listed-only
policies, links to the municipal plan, Agenda 21 and budget, references between commitments."""

import datetime

import pytest
from django.core.management import call_command

from uddannelsesby.policies import services
from uddannelsesby.policies.models import CommitmentReference, Policy, PolicyLink
from uddannelsesby.policies.selectors import commitment_references

from ..factories import adopted_policy, policy_with_parts

pytestmark = pytest.mark.django_db


def listed(title: str, sector=Policy.Sector.CULTURE) -> Policy:
    return services.policy_create(
        actor=None,
        title=title,
        sector=sector,
        summary="Kort beskrivelse.",
        listed_only=True,
        external_url="https://www.example.dk/kultur",
    )


def test_overview_groups_by_area_then_status(client):
    adopted_policy(title="Uddannelsespolitik", slug="udd", sector="education")
    hearing = policy_with_parts(title="Ungepolitik", slug="unge", sector="education")
    services.policy_send_to_hearing(actor=None, policy=hearing)
    listed("Kulturpolitik")
    archived = adopted_policy(title="Gammel erhvervspolitik", slug="gl", sector="business")
    services.policy_archive(actor=None, policy=archived)
    policy_with_parts(title="Hemmelig kladde", slug="kladde", sector="education")
    client.cookies["django_language"] = "en"
    html = client.get("/politikker/").content.decode()
    order = [
        'id="omraade-education"', "Adopted", "Uddannelsespolitik", "In hearing", "Ungepolitik",
        'id="omraade-culture"', "Kulturpolitik", 'id="omraade-business"', "Archived",
        "Gammel erhvervspolitik",
    ]  # fmt: skip
    positions = [html.index(text, html.index('id="omraade-education"') - 1) for text in order]
    assert positions == sorted(positions)
    assert "Hemmelig kladde" not in html
    assert "not yet imported" in html
    assert "https://www.example.dk/kultur" in html


def test_a_listed_policy_is_public_marked_and_links_out(client):
    policy = listed("Kulturpolitik")
    assert policy.status == Policy.Status.ADOPTED
    assert not policy.versions.exists()
    client.cookies["django_language"] = "da"
    page = client.get(policy.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "endnu ikke importeret i Uddannelsesby" in html
    assert 'href="https://www.example.dk/kultur"' in html
    assert f"/politikker/{policy.slug}/pdf/" not in html


def test_listed_only_needs_the_address_next_to_the_field(editor_client):
    response = editor_client.post(
        "/politikker/redaktion/ny/",
        {"title": "Kulturpolitik", "sector": "culture", "listed_only": "on"},
    )
    assert response.status_code == 400
    beside = response.content.decode().split('id="id_external_url-error"')[1][:300]
    assert "kun listet" in beside
    assert not Policy.objects.exists()


def test_editor_sets_area_and_sister_policies(editor_client):
    education = adopted_policy(title="Uddannelsespolitik", slug="udd")
    sister = listed("Kulturpolitik")
    form = {
        "title": education.title, "sector": "education", "related": [sister.pk],
        "external_url": "https://www.example.dk/udd",
    }  # fmt: skip
    response = editor_client.post(f"/politikker/redaktion/{education.slug}/rediger/", form)
    assert response.status_code == 302
    education.refresh_from_db()
    assert education.sector == "education"
    assert list(education.related.all()) == [sister]
    html = editor_client.get(education.get_absolute_url()).content.decode()
    assert "Søsterpolitikker, den understøtter" in html
    assert "Kulturpolitik" in html
    # Symmetrical: the sister's page names the education policy.
    assert "Uddannelsespolitik" in editor_client.get(sister.get_absolute_url()).content.decode()


def test_links_to_plan_agenda21_and_budget(editor_client, client):
    policy = adopted_policy(title="Uddannelsespolitik", slug="udd")
    url = f"/politikker/redaktion/{policy.slug}/links/ny/"
    bad = editor_client.post(
        url, {"kind": "budget", "title": "Budget 2027", "url": "ikke en adresse"}
    )
    assert bad.status_code == 400
    assert 'id="id_url-error"' in bad.content.decode()
    for kind, title in [("municipal_plan", "Kommuneplan 2025"), ("agenda21", "Agenda 21"),
                        ("budget", "Budget 2027")]:  # fmt: skip
        response = editor_client.post(
            url, {"kind": kind, "title": title, "url": f"https://x.dk/{kind}"}
        )
        assert response.status_code == 302
    assert PolicyLink.objects.filter(policy=policy).count() == 3
    html = client.get(policy.get_absolute_url()).content.decode()
    for text in ["Kommuneplan", "Agenda 21-strategi", "Budget", 'href="https://x.dk/budget"']:
        assert text in html
    link = PolicyLink.objects.get(kind="budget")
    response = editor_client.post(f"/politikker/redaktion/{policy.slug}/links/{link.pk}/slet/")
    assert response.status_code == 302
    assert not PolicyLink.objects.filter(pk=link.pk).exists()
    assert "https://x.dk/budget" not in client.get(policy.get_absolute_url()).content.decode()


def test_commitment_references_are_shown_both_ways(editor_client, client):
    education = adopted_policy(title="Uddannelsespolitik", slug="udd", areas=1, commitments=1)
    culture = adopted_policy(title="Kulturpolitik", slug="kultur", areas=1, commitments=1)
    ours = education.focus_areas.get().commitments.get()
    theirs = culture.focus_areas.get().commitments.get()
    url = f"/politikker/redaktion/{education.slug}/indsatser/{ours.pk}/"
    form = editor_client.get(url).content.decode()
    assert f"Kulturpolitik: {theirs.title}" in form
    assert f"Uddannelsespolitik: {ours.title}" not in form  # not its own policy's commitments
    response = editor_client.post(
        url, {"title": ours.title, "text": ours.text, "references": [theirs.pk]}
    )
    assert response.status_code == 302
    assert CommitmentReference.objects.filter(source=ours, target=theirs).exists()
    client.cookies["django_language"] = "da"
    html = client.get(education.get_absolute_url()).content.decode()
    assert "Understøtter:" in html
    assert f"/politikker/kultur/#{theirs.anchor}" in html
    html = client.get(culture.get_absolute_url()).content.decode()
    assert "Understøttes af:" in html
    assert f"/politikker/udd/#{ours.anchor}" in html
    # Removed again: gone from both pages, with a line in the history.
    editor_client.post(url, {"title": ours.title, "text": ours.text})
    assert not CommitmentReference.objects.exists()
    assert "Understøttes af:" not in client.get(culture.get_absolute_url()).content.decode()


def test_the_public_sees_references_only_to_published_commitments():
    education = adopted_policy(title="Uddannelsespolitik", slug="udd", areas=1, commitments=1)
    draft = policy_with_parts(title="Kladde", slug="kladde", areas=1, commitments=1)
    ours = education.focus_areas.get().commitments.get()
    secret = draft.focus_areas.get().commitments.get()
    services.commitment_update(actor=None, commitment=ours, references=[secret])
    assert commitment_references(education, public=True) == {}
    editors = commitment_references(education, public=False)
    assert [r.title for r in editors[ours.anchor]] == [secret.title]
    # Published later, the reference appears with its published title.
    services.policy_adopt(actor=None, policy=draft, adopted_on=datetime.date(2026, 5, 1))
    public = commitment_references(education, public=True)[ours.anchor]
    assert [(r.direction, r.policy_title) for r in public] == [("supports", "Kladde")]


def test_a_commitment_never_references_its_own_policy_and_can_be_deleted():
    policy = adopted_policy(slug="udd", areas=1, commitments=2)
    other = adopted_policy(slug="andet", areas=1, commitments=1)
    first, second = policy.focus_areas.get().commitments.all()
    target = other.focus_areas.get().commitments.get()
    services.commitment_update(actor=None, commitment=first, references=[second, target])
    assert list(first.references.values_list("target", flat=True)) == [target.pk]
    services.commitment_delete(actor=None, commitment=target)  # a reference does not block it
    assert not CommitmentReference.objects.exists()


def test_export_keeps_area_listing_and_links(editor):
    from uddannelsesby.policies.selectors import policy_export

    policy = listed("Kulturpolitik")
    services.policy_link_create(
        actor=None, policy=policy, kind="budget", title="Budget", url="https://x.dk/b"
    )
    data = policy_export([policy])
    Policy.objects.all().delete()
    [copy] = services.policy_import(actor=editor, data=data)
    assert (copy.sector, copy.listed_only, copy.external_url) == (
        "culture", True, "https://www.example.dk/kultur",
    )  # fmt: skip
    assert list(copy.links.values_list("kind", "url")) == [("budget", "https://x.dk/b")]


def test_demo_lists_six_sister_policies_not_yet_imported(client):
    call_command("demo")
    sisters = Policy.objects.filter(listed_only=True)
    assert sisters.count() == 6
    assert {p.sector for p in sisters} == {"culture", "city", "business", "leisure"}
    for sister in sisters:
        assert not sister.focus_areas.exists()
        assert not sister.versions.exists()
        assert sister.summary
        assert sister.external_url.startswith("https://www.herning.dk")
    education = Policy.objects.get(listed_only=False)
    assert education.sector == "education"
    assert education.focus_areas.count() == 5
    assert set(education.related.all()) == set(sisters)
    html = client.get("/politikker/").content.decode()
    assert html.count("endnu ikke importeret") == 6
    call_command("demo")  # idempotent
    assert Policy.objects.count() == 7
