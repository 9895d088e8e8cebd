import pytest
from django.core import mail


@pytest.fixture
def emails(django_capture_on_commit_callbacks):
    """`with emails():` runs the e-mails a service queues for after its transaction."""
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)
