from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .forms import SiteSearchForm
from .selectors import PAGE_SIZE, site_search


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SiteSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    search = site_search(
        text=data.get("q", ""), kinds=data.get("kind", []), page=request.GET.get("side")
    )
    paginator = Paginator(search.results, PAGE_SIZE)
    paginator.count = search.count  # known from the counts per kind: no COUNT query
    page = paginator.get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    labels = {facet.value: facet.label for facet in search.facets}
    return render(
        request,
        "search/page.html",
        {
            "form": form,
            "search": search,
            "page": page,
            "results": [(entry, labels.get(entry.kind, "")) for entry in page],
            "query": query.urlencode(),
            "searched": bool(search.text.strip()),
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )
