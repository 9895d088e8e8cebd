"""gunicorn settings for one application server (deploy/systemd/uddannelsesby@.service).

Everything comes from the environment, so that the same file serves every node:
GUNICORN_BIND (default 127.0.0.1:8001), GUNICORN_WORKERS (default 2 per core, plus one) and
PROMETHEUS_MULTIPROC_DIR (a directory of its own per node, emptied at start).
"""

import multiprocessing
import os
import shutil
from pathlib import Path

wsgi_app = "uddannelsesby.config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = 1
timeout = 30  # a request taking longer is a bug; the worker is replaced
graceful_timeout = 20  # on SIGTERM (a deploy), requests in flight get this long to finish
keepalive = 75  # nginx keeps upstream connections open (keepalive in the site)
max_requests = 2000  # renew workers now and then, so slow leaks never add up
max_requests_jitter = 200
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


def when_ready(server):
    """Import every view in the master, before the workers fork (preload_app): Django imports the
    URL conf on the first request, and some views pull in heavy libraries (scikit-learn), which
    on a busy machine took a first request past the timeout."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:  # counts of an earlier run would be added to this one's
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
