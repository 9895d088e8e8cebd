"""The bridge's demo data: loaded after the other apps' demos, once."""

import pytest

from uddannelsesby.bridge.cvr import is_valid_cvr
from uddannelsesby.bridge.demo import load_demo
from uddannelsesby.bridge.models import (
    AllocationRound,
    Application,
    Employer,
    Opportunity,
    Placement,
    RoundResult,
    Skill,
    StudentProfile,
)
from uddannelsesby.core.management.commands.demo import demo_loaders

NEEDED = ["policies", "catalogue", "bridge"]
MODELS = [Employer, Opportunity, StudentProfile, Application, AllocationRound, Placement, Skill]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_the_demo_fills_every_part_of_the_bridge_once():
    assert load_demo() is False  # nothing to build on: no programmes yet
    assert not Employer.objects.exists()
    # The bridge builds on the policies' users and the catalogue's programmes. The indicators'
    # statistics take minutes to import and the bridge does not need them.
    loaded = {label: load() for label, load in demo_loaders() if label in NEEDED}
    assert list(loaded) == NEEDED  # in this order
    assert loaded["bridge"] is True

    assert 19 <= Employer.objects.count() <= 22
    assert all(is_valid_cvr(cvr) for cvr in Employer.objects.values_list("cvr", flat=True))
    assert Employer.objects.filter(status=Employer.Status.PENDING).exists()
    published = Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)
    assert published.count() == 60
    assert set(published.values_list("kind", flat=True)) == set(Opportunity.Kind.values)
    assert Opportunity.objects.open().exists()
    assert Opportunity.objects.filter(status=Opportunity.Status.DRAFT).count() == 1
    assert Opportunity.objects.filter(status=Opportunity.Status.SUBMITTED).count() == 1
    assert not Opportunity.objects.filter(title__contains="(ny runde) (ny runde)").exists()
    assert StudentProfile.objects.count() == 200
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)

    (round_,) = AllocationRound.objects.all()
    assert round_.status == AllocationRound.Status.PUBLISHED
    results = RoundResult.objects.filter(round=round_)
    assert results.count() == 80
    placed = results.filter(position__isnull=False).count()
    assert placed > 0
    assert Placement.objects.filter(source=Placement.Source.ROUND).count() == placed
    accepted = Application.objects.filter(status=Application.Status.ACCEPTED).count()
    assert Placement.objects.filter(source=Placement.Source.APPLICATION).count() == accepted

    before = counts()
    assert load_demo() is False
    assert [load() for label, load in demo_loaders() if label in NEEDED] == [False] * len(NEEDED)
    assert counts() == before
