import pytest
from django.core import mail
from django.utils import translation


@pytest.fixture
def emails(django_capture_on_commit_callbacks):
    """`with emails():` runs the e-mails a service queues for after its transaction."""
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def english():
    """Messages in English, the language of the source strings (the site's default is Danish)."""
    with translation.override("en"):
        yield
