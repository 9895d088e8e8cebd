"""Signed links e-mailed to a person: to see or delete their data, to cancel a registration."""

from django.core import signing

DATA_LINK_AGE = 24 * 3600  # a link to one's data works for a day


def data_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt="participation.data")


def data_token_email(token: str) -> str | None:
    try:
        return signing.loads(token, salt="participation.data", max_age=DATA_LINK_AGE)
    except signing.BadSignature:
        return None


def cancel_token(registration_pk: int) -> str:
    return signing.dumps(registration_pk, salt="participation.cancel")


def cancel_token_pk(token: str) -> int | None:
    try:
        value = signing.loads(token, salt="participation.cancel")
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
