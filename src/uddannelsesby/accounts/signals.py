import logging

from axes.signals import user_locked_out
from django.dispatch import receiver

logger = logging.getLogger("uddannelsesby.security")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    """Every lock is written to the security log (axes keeps its own access log too)."""
    logger.warning(
        "Login locked after repeated failures: user name %r from %s", username, ip_address
    )
