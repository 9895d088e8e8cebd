import datetime
import os
import secrets
import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_strict_content_security_policy_and_secure_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert "<style" not in html
    assert ' style="' not in html


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return env | {"DJANGO_SETTINGS_MODULE": "uddannelsesby.config.settings.prod"} | extra


def test_check_deploy_is_clean_with_production_settings():
    env = production_env(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="uddannelsesby.herning.dk",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "uddannelsesby.manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret():
    env = production_env(SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "-m", "uddannelsesby.manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# security.txt (RFC 9116) ----------------------------------------------------------------------


@pytest.mark.django_db
def test_security_txt_follows_rfc_9116(client, settings):
    settings.SECURITY_CONTACT = "mailto:csirt@kommune.example"
    for method in (client.get, client.head):
        response = method("/.well-known/security.txt", HTTP_HOST="testserver")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = client.get("/.well-known/security.txt").content.decode()
    fields = dict(line.split(": ", 1) for line in text.strip().split("\n"))
    assert set(fields) == {"Contact", "Expires", "Preferred-Languages", "Canonical", "Policy"}
    assert fields["Contact"] == "mailto:csirt@kommune.example"
    assert fields["Preferred-Languages"] == "da, en"
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    expires = datetime.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.UTC
    )
    now = datetime.datetime.now(datetime.UTC)
    # RFC 9116 2.5.5: in the future, and less than a year ahead
    assert now < expires < now + datetime.timedelta(days=365)
    policy = client.get(fields["Policy"].removeprefix("http://testserver"))
    assert policy.status_code == 200
    assert "csirt@kommune.example" in policy.content.decode()
    assert 'href="mailto:csirt@kommune.example"' in policy.content.decode()
