"""The files in deploy/ are the ones deploy/cluster.sh runs: they must at least be valid."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def test_the_cluster_script_is_valid_bash():
    subprocess.run(["bash", "-n", str(ROOT / "deploy" / "cluster.sh")], check=True)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make nginx)")
def test_the_nginx_site_as_the_cluster_runs_it(tmp_path):
    env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "CLUSTER_DIR": str(tmp_path),
           "CLUSTER_PORT": "18460", "NODE_PORTS": "18461 18462 18463"}  # fmt: skip
    done = subprocess.run(
        [str(ROOT / "deploy" / "cluster.sh"), "config"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    site = (tmp_path / "nginx" / "site.conf").read_text()
    for port in (18461, 18462, 18463):
        assert f"server 127.0.0.1:{port} max_fails=1" in site
    assert "listen 127.0.0.1:18460;" in site
    assert "ssl" not in site
    assert f"alias {tmp_path}/var/media/;" in site
    assert "internal;" in site
    environment = (tmp_path / "env").read_text()
    assert "DJANGO_SETTINGS_MODULE=uddannelsesby.config.settings.prod" in environment
    assert "SECRET_KEY=change-me" not in environment


def test_the_installed_site_keeps_tls_and_both_nodes():
    site = (ROOT / "deploy" / "nginx" / "uddannelsesby.conf").read_text()
    assert "listen 443 ssl;" in site
    assert "server 127.0.0.1:8001" in site
    assert "server 127.0.0.1:8002" in site
    assert "location = /metrics { return 404; }" in site
