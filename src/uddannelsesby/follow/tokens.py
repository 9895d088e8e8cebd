"""A signed link that stops everything sent to one address (the List-Unsubscribe of a digest).

It does not expire: an unsubscribe link in an old e-mail must still work."""

from django.core import signing

SALT = "follow.unsubscribe-all"


def all_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=SALT, compress=True)


def all_token_email(token: str) -> str | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None
