import datetime

import pytest
from django.core.exceptions import ValidationError

from uddannelsesby.core.selectors import history_for
from uddannelsesby.policies import services
from uddannelsesby.policies.models import Policy, PolicyVersion
from uddannelsesby.policies.selectors import policy_public_version, policy_snapshot

from ..factories import CommitmentFactory, FocusAreaFactory, PolicyFactory, policy_with_parts


@pytest.mark.parametrize(
    ("adopted", "review"),
    [
        ("2008-06-24", "2012-01-01"),  # period 2006-09, review halfway through 2010-13
        ("2022-01-01", "2028-01-01"),
        ("2025-12-31", "2028-01-01"),
        ("2026-01-01", "2032-01-01"),
        ("2029-05-05", "2032-01-01"),
        ("2017-12-31", "2020-01-01"),
    ],
)
def test_next_review_is_halfway_through_the_following_council_period(adopted, review):
    adopted_on = datetime.date.fromisoformat(adopted)
    assert services.next_review_date(adopted_on) == datetime.date.fromisoformat(review)


@pytest.mark.django_db
def test_create_makes_a_danish_slug_and_records_who(editor):
    policy = services.policy_create(actor=editor, title="Politik for videregående uddannelser")
    assert policy.slug == "politik-for-videregaaende-uddannelser"
    again = services.policy_create(actor=editor, title="Politik for videregående uddannelser")
    assert again.slug == "politik-for-videregaaende-uddannelser-2"
    entry = history_for(policy).get()
    assert entry.actor == editor


@pytest.mark.django_db
def test_a_title_that_is_a_reserved_url_word_gets_another_slug(editor):
    assert services.policy_create(actor=editor, title="Redaktion").slug == "redaktion-2"


@pytest.mark.django_db
def test_update_records_what_changed(editor):
    policy = PolicyFactory(title="Gammel titel")
    services.policy_update(actor=editor, policy=policy, title="Ny titel", summary=policy.summary)
    entry = history_for(policy).first()
    assert entry.changes == {"title": ["Gammel titel", "Ny titel"]}
    assert entry.actor == editor


@pytest.mark.django_db
def test_update_without_changes_writes_no_history(editor):
    policy = PolicyFactory()
    services.policy_update(actor=editor, policy=policy, title=policy.title)
    assert not history_for(policy).exists()


@pytest.mark.django_db
def test_adopting_freezes_a_version_that_later_edits_do_not_touch(editor):
    policy = policy_with_parts(areas=2, commitments=1)
    version = services.policy_adopt(
        actor=editor, policy=policy, adopted_on=datetime.date(2026, 3, 1)
    )
    frozen = policy_snapshot(policy)
    assert version.content == frozen
    assert version.number == 1
    policy.refresh_from_db()
    assert policy.status == Policy.Status.ADOPTED
    assert policy.next_review_on == datetime.date(2032, 1, 1)

    commitment = policy.focus_areas.first().commitments.first()
    services.commitment_update(actor=editor, commitment=commitment, text="Helt ny tekst")
    version.refresh_from_db()
    assert version.content == frozen
    assert policy_snapshot(policy) != frozen
    assert policy_public_version(policy) == version


@pytest.mark.django_db
def test_a_version_cannot_be_saved_again():
    policy = policy_with_parts(areas=1, commitments=1)
    version = services.policy_adopt(actor=None, policy=policy, adopted_on=datetime.date.today())
    version.content = {"title": "Forfalsket"}
    with pytest.raises(ValidationError):
        version.save()


@pytest.mark.django_db
def test_hearing_then_adoption_numbers_versions(editor):
    policy = policy_with_parts(areas=1, commitments=1)
    hearing = services.policy_send_to_hearing(actor=editor, policy=policy)
    assert (hearing.number, hearing.kind) == (1, PolicyVersion.Kind.HEARING)
    assert policy_public_version(policy) == hearing  # the public can read the hearing draft
    adopted = services.policy_adopt(actor=editor, policy=policy, adopted_on=datetime.date.today())
    assert adopted.number == 2
    assert policy_public_version(policy) == adopted


@pytest.mark.django_db
def test_a_policy_without_focus_areas_cannot_be_adopted(editor):
    with pytest.raises(ValidationError):
        services.policy_adopt(
            actor=editor, policy=PolicyFactory(), adopted_on=datetime.date.today()
        )


@pytest.mark.django_db
def test_an_archived_policy_cannot_be_changed(editor):
    policy = policy_with_parts(areas=1, commitments=0)
    services.policy_archive(actor=editor, policy=policy)
    with pytest.raises(ValidationError):
        services.policy_update(actor=editor, policy=policy, title="Nyt")
    with pytest.raises(ValidationError):
        services.policy_adopt(actor=editor, policy=policy, adopted_on=datetime.date.today())


@pytest.mark.django_db
def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(editor):
    policy = PolicyFactory()
    first, second, third = (FocusAreaFactory(policy=policy) for _ in range(3))
    services.part_move(actor=editor, part=third, up=True)
    assert list(policy.focus_areas.all()) == [first, third, second]
    services.part_move(actor=editor, part=first, up=True)  # already first: nothing happens
    assert list(policy.focus_areas.all()) == [first, third, second]
    services.part_move(actor=editor, part=first, up=False)
    assert list(policy.focus_areas.all()) == [third, first, second]


@pytest.mark.django_db
def test_commitments_move_within_their_focus_area(editor):
    area = FocusAreaFactory()
    a, b = CommitmentFactory(focus_area=area), CommitmentFactory(focus_area=area)
    services.part_move(actor=editor, part=b, up=True)
    assert list(area.commitments.all()) == [b, a]


@pytest.mark.django_db
def test_new_parts_get_unique_anchors_and_go_last(editor):
    policy = PolicyFactory()
    one = services.focus_area_create(actor=editor, policy=policy, title="Læring")
    two = services.focus_area_create(actor=editor, policy=policy, title="Læring")
    assert (one.slug, two.slug) == ("laering", "laering-2")
    assert two.position > one.position
    c = services.commitment_create(actor=editor, focus_area=one, title="Mindre frafald")
    assert c.anchor == "laering--mindre-frafald"
