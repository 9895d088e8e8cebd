"""gunicorn settings for one application server (deploy/systemd/uddannelsesby@.service).

Everything comes from the environment, so that the same file serves every node:
GUNICORN_BIND (default 127.0.0.1:8001), GUNICORN_WORKERS (default 2 per core, plus one),
GUNICORN_THREADS (per worker, default 4) and PROMETHEUS_MULTIPROC_DIR (a directory of its own per
node, emptied at start).

Threaded workers (gthread) keep nginx's upstream connections open (the sync worker closes each
after one request, so nginx connected anew every time) and let a worker answer cached pages
while another thread waits on the database. Measured against one node of 2 workers on a 2-core
machine, the cached home page: 540-700 requests/s threaded, 320-390 with sync workers.
"""

import importlib
import multiprocessing
import os
import shutil
from pathlib import Path

wsgi_app = "uddannelsesby.config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30  # a request taking longer is a bug; the worker is replaced
graceful_timeout = 20  # on SIGTERM (a deploy), requests in flight get this long to finish
keepalive = 75  # nginx keeps upstream connections open (keepalive in the site)
# Renew workers now and then, so slow leaks never add up. Not too often: a cached page takes
# about a millisecond, and at 2000 a busy worker was replaced every few seconds.
max_requests = 20000
max_requests_jitter = 2000
preload_app = True
accesslog = None  # nginx logs every request; the application logs JSON to stderr
errorlog = "-"
capture_output = True
proc_name = "uddannelsesby-" + bind.rsplit(":", 1)[-1]
# gunicorn's control socket (gunicornc) defaults to one path per user, which two nodes on one
# machine would share: each node gets its own beside its metrics, or none.
control_socket_disable = True

# gunicorn's own messages (start, worker timeouts) as JSON lines too, like the application's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        }
    },
    "handlers": {
        name: {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        for name in ("console", "error_console")
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False}
    },
}


# Libraries the application imports inside the functions that use them, so that commands and
# tests which never need them do not wait for them (scikit-learn alone takes seconds).
PRELOAD = (
    "django_tasks_db.backend",
    "django_tasks_db.models",
    "docx",
    "pikepdf",
    "pypdfium2",
    "sklearn.cluster",
    "sklearn.decomposition",
    "sklearn.feature_extraction.text",
    "sklearn.metrics",
)


def when_ready(server):
    """Import every view and the libraries above in the master, before the workers fork
    (preload_app): the first request that imported scikit-learn on a busy machine ran past the
    timeout, and every worker paid for it again."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
    for module in PRELOAD:
        importlib.import_module(module)


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:  # counts of an earlier run would be added to this one's
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
