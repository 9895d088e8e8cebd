import datetime

import factory
from factory.django import DjangoModelFactory

from uddannelsesby.accounts.models import Organisation, Role, User
from uddannelsesby.policies import services
from uddannelsesby.policies.models import Commitment, FocusArea, Policy


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.dk")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.REGISTERED
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.MUNICIPAL_UNIT


class PolicyFactory(DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"Politik nummer {n}")
    slug = factory.Sequence(lambda n: f"politik-{n}")
    summary = "En kort beskrivelse."
    background = "Baggrunden for politikken."
    vision = "Visionen for politikken."


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    policy = factory.SubFactory(PolicyFactory)
    title = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokus-{n}")
    position = factory.Sequence(lambda n: n)
    introduction = "Indledning til fokusområdet."


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    focus_area = factory.SubFactory(FocusAreaFactory)
    title = factory.Sequence(lambda n: f"Indsats {n}")
    slug = factory.Sequence(lambda n: f"indsats-{n}")
    position = factory.Sequence(lambda n: n)
    text = "Det vil vi gøre."


def policy_with_parts(areas: int = 2, commitments: int = 2, **kwargs) -> Policy:
    policy = PolicyFactory(**kwargs)
    for _ in range(areas):
        area = FocusAreaFactory(policy=policy)
        for _ in range(commitments):
            CommitmentFactory(focus_area=area)
    return policy


def adopted_policy(areas: int = 2, commitments: int = 2, **kwargs) -> Policy:
    policy = policy_with_parts(areas, commitments, **kwargs)
    services.policy_adopt(actor=None, policy=policy, adopted_on=datetime.date(2026, 3, 1))
    return policy
