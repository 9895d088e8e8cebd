"""The login pages in all their states are valid HTML (the W3C Nu checker, as in
tests/core/test_valid_html.py)."""

import json
import shutil
import subprocess

import pytest
from django.test import Client

from uddannelsesby.accounts.models import Role

from ..core.test_valid_html import VNU
from ..factories import UserFactory

PROVIDERS = {
    realm: {"issuer": f"http://127.0.0.1:9/{realm}", "client_id": realm, "client_secret": "s",
            "scopes": "openid", "name": "", "sign_algo": "RS256"}
    for realm in ("staff", "citizen")
}  # fmt: skip


@pytest.mark.django_db
def test_the_login_pages_are_valid_html(client, settings, tmp_path):
    java = shutil.which("java")
    assert java, "The HTML check needs Java: apt-get install default-jre-headless"
    assert VNU.exists(), f"The HTML check needs {VNU}: run `npm ci`"
    settings.OIDC_PROVIDERS = PROVIDERS
    settings.PASSWORD_LOGIN_FOR_STAFF = False
    UserFactory(username="ane")
    pages = {
        "login": client.get("/konto/log-ind/?next=/handleplaner/"),
        "login-error": client.post("/konto/log-ind/", {"username": "ane", "password": "x"}),
        "oidc-error": client.get("/konto/log-ind/staff/svar/?code=c&state=unknown"),
        "oidc-unreachable": client.get("/konto/log-ind/staff/"),
    }
    for _ in range(4):
        client.post("/konto/log-ind/", {"username": "ane", "password": "x"})
    pages["locked"] = client.post("/konto/log-ind/", {"username": "ane", "password": "x"})
    admin = Client()
    admin.force_login(UserFactory(role=Role.ADMIN))
    pages["lockouts"] = admin.get("/konto/spaerringer/")
    assert [r.status_code for r in pages.values()] == [200, 200, 400, 502, 429, 200]
    assert "ane" in pages["lockouts"].content.decode()  # a row with its button
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_text(response.content.decode())
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always",
         *sorted(str(p) for p in tmp_path.glob("*.html"))],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages == []
