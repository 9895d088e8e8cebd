"""One record for one form, however often it is posted.

Every form that creates something carries a one-time token in a hidden field
(`OnceFormMixin`), made when the form is drawn. The view claims it while it saves: a view
decorated with `@submit_once`, or any view drawn by `core.views.form_page` (`claim_once`).
The token's row and the new record are written in one transaction, and the token's column is
unique, so of two identical posts (a double tap on a slow line, a reload of the answer) only
the first saves; the second waits for it and is answered with the same redirect, without a
second record or a second receipt. A post that is refused (the form has errors) frees its token.

A post without a token (an old page, a script) is saved as before: the token protects people
from double submissions, it is not a security check.
"""

import datetime
import functools
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from .models import FormToken

TOKEN_FIELD = "form_token"
KEEP = datetime.timedelta(days=2)  # how long a second post is recognised
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class TokenField(forms.CharField):
    """Never a change: a form saved unchanged is unchanged, whatever its token."""

    def has_changed(self, initial, data) -> bool:
        return False


class OnceFormMixin:
    """Adds the hidden one-time token. It never reaches cleaned_data (services do not see it);
    the view reads it as `form.once_token`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = TokenField(
            widget=forms.HiddenInput, required=False, initial=new_token, max_length=64
        )

    @property
    def once_token(self) -> str:
        if not self.is_bound:
            return ""
        token = str(self.data.get(self.add_prefix(TOKEN_FIELD), ""))
        return token if _TOKEN.fullmatch(token) else ""

    def full_clean(self):
        super().full_clean()
        if hasattr(self, "cleaned_data"):
            self.cleaned_data.pop(TOKEN_FIELD, None)


class Claim:
    def __init__(self, row: FormToken | None = None, replay: HttpResponse | None = None):
        self.row = row
        self.replay = replay
        self.response: HttpResponse | None = None

    def done(self, response: HttpResponse) -> HttpResponse:
        """The answer to the saving post; a second post of the form gets the same redirect."""
        self.response = response
        return response


@contextmanager
def claim_once(request: HttpRequest, form) -> Iterator[Claim]:
    """Wrap the saving of a valid form:

        with claim_once(request, form) as once:
            if once.replay:
                return once.replay
            ...save...
            return once.done(redirect(...))

    Leaving the block without `done` (the save was refused) frees the token for the next try.
    """
    token = getattr(form, "once_token", "")
    if not token or getattr(request, "_form_token_claimed", False):
        yield Claim()
        return
    with transaction.atomic():
        row = _claim(request, token)
        if isinstance(row, HttpResponse):
            yield Claim(replay=row)
            return
        claim = Claim(row=row)
        yield claim
        _settle(request, row, claim.response)


def _claim(request: HttpRequest, token: str) -> FormToken | HttpResponse:
    """The token's row, new; or, when an earlier post claimed it, the answer it got."""
    request._form_token_claimed = True
    FormToken.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    try:
        with transaction.atomic():
            return FormToken.objects.create(token=token, path=request.path[:500])
    except IntegrityError:
        earlier = FormToken.objects.filter(token=token).first()
        return HttpResponseRedirect((earlier.result if earlier else "") or request.path)


def _settle(request: HttpRequest, row: FormToken, response: HttpResponse | None) -> None:
    if response is not None and response.status_code in (301, 302, 303):
        row.result = response["Location"][:2000]
        row.save(update_fields=["result"])
    else:  # refused, shown again with its errors: the token may be used for the next try
        row.delete()


def submit_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose POST carries a form's one-time token runs once for that token (in one
    transaction with the claim); a second post of the same token gets the first one's redirect."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
        if not _TOKEN.fullmatch(token):
            return view(request, *args, **kwargs)
        with transaction.atomic():
            row = _claim(request, token)
            if isinstance(row, HttpResponse):
                return row
            response = view(request, *args, **kwargs)
            _settle(request, row, response)
        return response

    return wrapper
