"""What an attacker tries first: open redirects, script in text that is published, files that
read or fetch what they should not, formulas in exports, line breaks in headers."""

from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from uddannelsesby.accounts.models import Role
from uddannelsesby.follow.models import Subscription

from ..factories import UserFactory

EVIL_TARGETS = [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "///evil.example",
    "https:evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "//evil.example@testserver",
    "/%2F%2Fevil.example",
]


def _is_local(location: str) -> bool:
    """A browser stays on this site: a path, not '//host', '/\\host' or 'scheme:...'."""
    parts = urlsplit(location.replace("\\", "/"))
    return location.startswith("/") and not parts.scheme and not parts.netloc


@pytest.mark.django_db
@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_no_next_parameter_sends_anyone_away(client, target):
    password = "Korrekt-Hest-Batteri-9"
    user = UserFactory(role=Role.EDITOR, username="angriber")
    user.set_password(password)
    user.save()
    answers = {
        "language": client.get(reverse("core:language", args=["en"]), {"next": target}),
        "login": client.post(
            reverse("accounts:login") + "?next=" + target,
            {"username": "angriber", "password": password, "next": target},
        ),
    }
    subscription = Subscription.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(user),
        object_id=user.pk,
        title="Uddannelsespolitik",
    )
    answers["follow stop"] = client.post(
        reverse("follow:stop", args=[subscription.pk]), {"next": target}
    )
    for name, response in answers.items():
        assert response.status_code in (301, 302, 303), name
        assert _is_local(response["Location"]), (name, response["Location"])
