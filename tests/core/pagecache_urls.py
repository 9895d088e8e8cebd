"""The site's addresses plus two test pages: a public page holding a form, and a view that
leaves a message for the next page (tests/core/test_pagecache.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import include, path

from uddannelsesby.core.idempotency import TOKEN_FIELD, new_token
from uddannelsesby.core.pagecache import public_page

FORM = engines["django"].from_string(
    '<form method="post" action="/">{% csrf_token %}<button>Send</button></form>'
)


@public_page("policies")
def form_page(request):
    return HttpResponse(FORM.render({}, request))


@public_page("policies")
def once_page(request):
    """A public page holding a one-time form token (core.idempotency)."""
    return HttpResponse(f'<input type="hidden" name="{TOKEN_FIELD}" value="{new_token()}">')


def leave_message(request):
    messages.success(request, "Tak for dit svar, Karen")
    return redirect("/")


urlpatterns = [
    path("test/form/", form_page),
    path("test/once/", once_page),
    path("test/message/", leave_message),
    path("", include("uddannelsesby.config.urls")),
]
