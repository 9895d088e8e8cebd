import os
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
        SECRET_KEY="k" * 20 + "a-long-random-production-secret-for-the-check-only-9f8e7d",
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
