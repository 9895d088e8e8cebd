import pytest
from django.core.cache import cache

from uddannelsesby.accounts.models import Role

from .factories import OrganisationFactory, UserFactory, adopted_policy

ROLES = ["anonymous", Role.REGISTERED, Role.PARTNER, Role.EDITOR, Role.COUNCIL, Role.ADMIN]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    # A test database has no site settings row: what a page reads is the environment's
    # defaults. Cached here, so the first request of a test makes no query more than the
    # second (tests that compare query counts); saving the settings forgets it as in use.
    prime_site_settings()


def prime_site_settings():
    from dataclasses import asdict

    from uddannelsesby.core.site import CACHE_KEY, CACHE_SECONDS, default_site

    cache.set(CACHE_KEY, asdict(default_site()), CACHE_SECONDS)


@pytest.fixture
def user_for_role(db):
    def make(role):
        if role == "anonymous":
            return None
        user = UserFactory(role=role)
        if role == Role.PARTNER:
            user.memberships.create(organisation=OrganisationFactory(), is_contact=True)
        return user

    return make


@pytest.fixture
def editor(db):
    return UserFactory(role=Role.EDITOR, username="redaktoer")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def policy(db):
    return adopted_policy(areas=3, commitments=2, title="Uddannelsespolitik", slug="uddannelse")
