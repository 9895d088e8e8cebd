"""Open data downloads and the CSV import of programmes and events."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from uddannelsesby.core.tabular import ignored_notice

from . import io
from .forms import ImportForm
from .models import Institution
from .views import base_url

MAX_ERRORS_SHOWN = 500


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/open_data.html", {"datasets": list(io.DATASETS)})


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def dataset_csv(request: HttpRequest, name: str) -> HttpResponse:
    if name not in io.DATASETS:
        raise Http404
    return _download(
        io.dataset_csv(name, base_url(request)), "text/csv; charset=utf-8", f"{name}.csv"
    )


@require_safe
def dataset_json(request: HttpRequest, name: str) -> HttpResponse:
    if name not in io.DATASETS:
        raise Http404
    data = io.dataset_json(name, base_url(request))
    return _download(
        json.dumps(data, ensure_ascii=False, indent=2).encode(), "application/json", f"{name}.json"
    )


@login_required
def import_rows(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in io.IMPORTS:
        raise Http404
    user = request.user
    may_manage = user.has_perm("catalogue.manage")
    if not (may_manage or (kind == "uddannelser" and user.has_perm("catalogue.add_programme"))):
        raise PermissionDenied
    columns, required, run = io.IMPORTS[kind]
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[io.RowError] = []
    ignored: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        try:
            rows = io.parse_rows(form.cleaned_data["file"].read(), columns, required)
        except io.ImportFileError as error:
            row_errors = error.errors
        else:
            kwargs = {}
            if kind == "uddannelser" and not may_manage:
                kwargs["institutions"] = Institution.objects.filter(
                    organisation__memberships__user=user
                )
            result = run(actor=user, rows=rows, **kwargs)
            if result.ok:
                messages.success(request, _summary(result))
                if notice := ignored_notice(rows.ignored):
                    messages.info(request, notice)
                return redirect(
                    reverse("catalogue:search" if kind == "uddannelser" else "catalogue:events")
                )
            ignored = rows.ignored
            row_errors = result.errors
        count = len(row_errors)
        form.add_error(
            "file",
            ngettext(
                "The file has %(count)d error, listed below the form. Nothing was imported.",
                "The file has %(count)d errors, listed below the form. Nothing was imported.",
                count,
            )
            % {"count": count},
        )
    title = _("Import programmes") if kind == "uddannelser" else _("Import events")
    return render(
        request,
        "catalogue/import.html",
        {
            "form": form,
            "title": title,
            "columns": columns,
            "required": required,
            "row_errors": row_errors[:MAX_ERRORS_SHOWN],
            "ignored_notice": ignored_notice(ignored),
            "hidden_errors": max(0, len(row_errors) - MAX_ERRORS_SHOWN),
        },
        status=400 if form.errors else 200,
    )


def _summary(result: io.ImportResult) -> str:
    created, updated, unchanged = len(result.created), len(result.updated), len(result.unchanged)
    return " ".join(
        [
            ngettext("%(count)d row was imported.", "%(count)d rows were imported.", created)
            % {"count": created},
            ngettext("%(count)d row updated a record.", "%(count)d rows updated a record.", updated)
            % {"count": updated},
            ngettext(
                "%(count)d row was already as on the site.",
                "%(count)d rows were already as on the site.",
                unchanged,
            )
            % {"count": unchanged},
        ]
    )
