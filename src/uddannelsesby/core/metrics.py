"""Prometheus metrics (prometheus-client): requests per view and status, their duration, and
the state of the background work, read from the database at each scrape.

django-prometheus would do the request part, but its releases (2.5.0) do not allow Django 6.1;
the part used here is a few lines on top of the client library it builds on.

Under gunicorn each worker process counts on its own. With `PROMETHEUS_MULTIPROC_DIR` set (the
systemd unit and deploy/gunicorn.conf.py do), the processes write their counts to files there and
a scrape adds them up, whichever process answers it.
"""

import datetime
import os
import time

from django.db.models import Min
from django.tasks import TaskResultStatus
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter(
    "uddannelsesby_http_requests",
    "HTTP requests answered, by method, view (URL name) and status code.",
    ["method", "view", "status"],
)
DURATION = Histogram(
    "uddannelsesby_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class MetricsMiddleware:
    """Outermost middleware: counts and times every response, labelled by the URL's name (never
    by its path, which would make a new series for every id a client tries)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match is not None else "unresolved"
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(method, view, str(response.status_code)).inc()
        DURATION.labels(view).observe(time.perf_counter() - start)
        return response


class BackgroundWorkCollector:
    """The worker's state as the database has it, read when Prometheus asks."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from .models import JobFailure
        from .tasks import heartbeat_last

        now = timezone.now()
        ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
        waiting = GaugeMetricFamily(
            "uddannelsesby_tasks_waiting", "Tasks due to run that no worker has taken yet."
        )
        waiting.add_metric([], ready.count())
        yield waiting
        oldest = ready.aggregate(oldest=Min("run_after"))["oldest"]
        delay = GaugeMetricFamily(
            "uddannelsesby_tasks_delay_seconds", "How long the oldest waiting task has waited."
        )
        delay.add_metric([], (now - oldest).total_seconds() if oldest else 0)
        yield delay
        failed = GaugeMetricFamily(
            "uddannelsesby_tasks_failed_last_hour", "Tasks that ended in an error in the last hour."
        )
        failed.add_metric(
            [],
            DBTaskResult.objects.filter(
                status=TaskResultStatus.FAILED, finished_at__gte=now - datetime.timedelta(hours=1)
            ).count(),
        )
        yield failed
        last = heartbeat_last()
        beat = GaugeMetricFamily(
            "uddannelsesby_worker_heartbeat_age_seconds",
            "Seconds since the worker last finished its heartbeat (absent: never).",
        )
        if last is not None:
            beat.add_metric([], (now - last).total_seconds())
        yield beat
        job_failures = GaugeMetricFamily(
            "uddannelsesby_job_failures_last_day",
            "Items recurring jobs could not handle in the last day (the editors' dashboard).",
        )
        job_failures.add_metric(
            [],
            JobFailure.objects.filter(last_at__gte=now - datetime.timedelta(days=1)).count(),
        )
        yield job_failures


def exposition() -> tuple[bytes, str]:
    """The text Prometheus reads, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    background = CollectorRegistry()
    background.register(BackgroundWorkCollector())
    return generate_latest(requests) + generate_latest(background), CONTENT_TYPE_LATEST
