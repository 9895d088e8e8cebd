"""pytest fixtures that start the test OpenID Connect provider (server.py) and point the
product at it. Import them into a conftest or test module by name."""

import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.core.cache import cache

SERVER = Path(__file__).with_name("server.py")
ROLE_MAP = {"UDD-Redaktoerer": "editor", "UDD-Byraad": "council", "UDD-Admins": "admin"}


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider's base address; the process lives for the whole test session."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, str(SERVER)], stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("PORT "), line
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def oidc(oidc_provider, settings):
    """Both providers set up as the environment would, and the provider behaving normally."""
    settings.OIDC_PROVIDERS = {
        realm: {
            "issuer": f"{oidc_provider}/{realm}",
            "client_id": f"uddannelsesby-{realm}",
            "client_secret": f"{realm}-secret",
            "scopes": "openid profile email",
            "name": "",
            "sign_algo": "RS256",
        }
        for realm in ("staff", "citizen")
    }
    settings.OIDC_STAFF_ROLE_CLAIM = "groups"
    settings.OIDC_STAFF_ROLE_MAP = ROLE_MAP
    cache.clear()
    provider_mode(oidc_provider, "normal")
    yield oidc_provider
    provider_mode(oidc_provider, "normal")


def provider_mode(base: str, mode: str) -> None:
    """Make the provider issue bad tokens from now on: tampered, wrong_audience, expired."""
    requests.post(f"{base}/_mode", data={"mode": mode}, timeout=5).raise_for_status()
