"""What a load balancer and a monitoring system ask: is it alive, is it ready, how is it doing.

- `/healthz`: the process answers. Touches nothing else, so a slow database never makes a load
  balancer kill healthy application servers.
- `/readyz`: the database answers, the shared cache answers, and the worker has finished a
  heartbeat within `READYZ_WORKER_MINUTES`. 200 with "ok" per check, else 503 naming what failed.
- `/metrics`: Prometheus' text format (core.metrics), only to the monitoring hosts
  (`METRICS_ALLOWED_IPS`); everyone else gets the site's ordinary 404.

None of them sets a cookie or renders a template; all are exempt from the HTTPS redirect
(settings.prod), because load balancers and scrapers ask the application servers over plain HTTP.
"""

import datetime
import ipaddress
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .clients import client_address
from .tasks import heartbeat_last

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    if found != "1":
        raise RuntimeError("the cache did not keep a value")
    return "ok"


def _check_worker() -> str:
    last = heartbeat_last()
    limit = datetime.timedelta(minutes=settings.READYZ_WORKER_MINUTES)
    if last is None:
        raise RuntimeError("no heartbeat from the worker yet")
    age = timezone.now() - last
    if age > limit:
        raise RuntimeError(f"the worker's last heartbeat is {int(age.total_seconds())} s old")
    return "ok"


CHECKS = {"database": _check_database, "cache": _check_cache, "worker": _check_worker}


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    results, ready = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:
            ready = False
            results[name] = f"failed: {type(error).__name__}: {error}"[:300]
            logger.warning("Readiness check %s failed: %s", name, error)
    return JsonResponse(
        {"status": "ok" if ready else "failed", "checks": results}, status=200 if ready else 503
    )


def metrics_allowed(request: HttpRequest) -> bool:
    """Whether the client (as our own proxies saw it) is one of the monitoring hosts."""
    try:
        address = ipaddress.ip_network(client_address(request), strict=False)
    except ValueError:
        return False
    for allowed in settings.METRICS_ALLOWED_IPS:
        network = ipaddress.ip_network(allowed, strict=False)
        if address.version == network.version and address.subnet_of(network):
            return True
    return False


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        raise Http404
    from .metrics import exposition

    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)
