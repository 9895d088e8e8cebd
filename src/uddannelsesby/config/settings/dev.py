"""`make run`: the demo as its users see it (debug off), e-mail to the console, a throwaway
secret. DJANGO_DEBUG=1 (`make run DEBUG=1`) turns on development mode with Django's debug pages."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-" + "x" * 40  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
