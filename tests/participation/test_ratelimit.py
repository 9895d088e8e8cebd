"""Rate limits hold across processes, count the real client, and let a class through."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory, override_settings

import uddannelsesby
from uddannelsesby.participation import ratelimit

REDIS = "redis://127.0.0.1:6379/15"


def _redis_or_skip():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def _request(remote="203.0.113.7", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **meta)


# --- the client's address ---


def test_the_header_is_ignored_without_a_trusted_proxy():
    with override_settings(TRUSTED_PROXIES=[]):
        assert ratelimit.client_address(_request(forwarded="198.51.100.1")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_the_right_most_untrusted_address_behind_our_proxies():
    request = _request("127.0.0.1", "6.6.6.6, 198.51.100.9, 10.1.2.3")
    assert ratelimit.client_address(request) == "198.51.100.9"  # what our proxy saw
    # A client writing the header itself only adds to the left.
    assert ratelimit.client_address(_request("127.0.0.1", "198.51.100.9")) == "198.51.100.9"
    # A connection from outside our proxies: its header is not read.
    assert ratelimit.client_address(_request("203.0.113.7", "198.51.100.9")) == "203.0.113.7"
    # All hops are ours: the address is the proxy's own.
    assert ratelimit.client_address(_request("127.0.0.1", "10.0.0.2")) == "127.0.0.1"


def test_ipv6_counts_per_network():
    one = ratelimit.client_address(_request("2001:db8:1:2::1"))
    other = ratelimit.client_address(_request("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::/64"
    assert ratelimit.client_address(_request("::ffff:192.0.2.1")) == "192.0.2.1"


@pytest.mark.django_db
def test_forged_headers_do_not_escape_the_limit(client):
    """Each post claims another address in X-Forwarded-For; without a trusted proxy in front,
    the connection's address is what counts."""
    for n in range(ratelimit.LIMITS["data"]):
        client.post(
            "/deltag/mine-data/", {"email": "a@example.dk"}, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}"
        )
    response = client.post(
        "/deltag/mine-data/", {"email": "a@example.dk"}, HTTP_X_FORWARDED_FOR="10.9.9.250"
    )
    assert response.status_code == 400
    assert "a@example.dk" in response.content.decode()  # what the user typed is kept


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_our_proxy_each_client_counts_for_itself(client):
    limit = ratelimit.LIMITS["data"]
    for n in range(limit + 2):  # different people behind the same proxy
        response = client.post(
            "/deltag/mine-data/", {"email": "a@example.dk"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )
        assert response.status_code == 200
    for n in range(limit):  # one client that forges the left part of the header
        client.post(
            "/deltag/mine-data/",
            {"email": "a@example.dk"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.1",
        )
    response = client.post(
        "/deltag/mine-data/",
        {"email": "a@example.dk"},
        HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.1",
    )
    assert response.status_code == 400


def test_a_class_behind_one_address_gets_through():
    assert ratelimit.LIMITS["survey"] >= 60  # two classes answering at once
    assert ratelimit.LIMITS["response"] >= 30
    assert ratelimit.LIMITS["registration"] >= 30
    assert ratelimit.LIMITS["statement"] >= 30


# --- shared across processes ---


def test_two_cache_connections_share_one_count():
    """Two separate connections to Redis, as two workers have, see one count."""
    _redis_or_skip()
    prefix = f"test-ratelimit-{uuid.uuid4().hex}"
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    workers = {"w1": redis | {"KEY_PREFIX": prefix}, "w2": redis | {"KEY_PREFIX": prefix}}
    limit = ratelimit.LIMITS["response"]
    accepted = 0
    with override_settings(CACHES={"default": redis} | workers):
        for n in range(limit + 9):
            with override_settings(RATELIMIT_CACHE=f"w{n % 2 + 1}"):
                if not ratelimit.is_limited(_request(), "response"):
                    ratelimit.record(_request(), "response")
                    accepted += 1
        assert caches["w1"] is not caches["w2"]
        caches["w1"].delete(ratelimit._key(_request(), "response"))
    assert accepted == limit


WORKER = """
import sys
import django

django.setup()
from django.conf import settings
from django.test import RequestFactory
from uddannelsesby.participation import ratelimit

accepted = 0
for _ in range(int(sys.argv[1])):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    if not ratelimit.is_limited(request, "data"):
        ratelimit.record(request, "data")
        accepted += 1
print(accepted, settings.CACHES["default"]["BACKEND"])
"""


def test_two_processes_share_one_count():
    """Two real worker processes with the production settings, one after the other, against
    one Redis: together they accept the limit, not the limit each (before: each process
    counted in its own memory, 9 of 9 accepted with two workers)."""
    _redis_or_skip()
    secret = f"test-ratelimit-{uuid.uuid4().hex}-" + "s" * 40  # a key space of its own
    limit = ratelimit.LIMITS["data"]
    env = os.environ | {
        "PYTHONPATH": str(Path(uddannelsesby.__file__).parents[1]),
        "DJANGO_SETTINGS_MODULE": "uddannelsesby.config.settings.prod",
        "SECRET_KEY": secret,
        "REDIS_URL": REDIS,
    }
    counts = []
    for _worker in range(2):
        result = subprocess.run(
            [sys.executable, "-c", WORKER, str(limit - 1)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        accepted, backend = result.stdout.split()
        assert backend.endswith("RedisCache")
        counts.append(int(accepted))
    assert counts == [limit - 1, 1]
    with override_settings(SECRET_KEY=secret):
        key = ratelimit._key(_request(), "data")
    RedisCache(REDIS, {}).delete(key)
