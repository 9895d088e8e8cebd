"""An e-mail back-end for tests that refuses some addresses, as an SMTP server does."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED_DOMAIN = "@refused.invalid"


class RefusingBackend(EmailBackend):
    """The test outbox, except that a recipient at refused.invalid is refused (550)."""

    def send_messages(self, messages):
        for message in messages:
            refused = [a for a in message.recipients() if a.endswith(REFUSED_DOMAIN)]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"5.1.1 No such user"))
                )
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """The test outbox, with a mail server that takes its time: two workers racing for the same
    item overlap for certain."""

    def send_messages(self, messages):
        import time

        time.sleep(0.02)
        return super().send_messages(messages)
