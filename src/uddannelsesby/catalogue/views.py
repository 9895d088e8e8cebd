"""Public pages: the programme search, programmes, institutions, student life, study pages."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from uddannelsesby.core.pagecache import public_page

from . import jsonld
from .forms import EventFilterForm, OfferFilterForm, ProgrammeSearchForm
from .ical import events_ical
from .models import Event, Housing, Institution, Offer, Programme, StudyPage
from .selectors import page_blocks, programme_search, published_pages, upcoming_events

PAGE_SIZE = 20
EVENT_PAGE_SIZE = 30


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("side", None)
    return query.urlencode()


@require_safe
@public_page("catalogue", "accounts")
def programme_list(request: HttpRequest) -> HttpResponse:
    institutions = list(Institution.objects.order_by("name").only("pk", "name"))
    form = ProgrammeSearchForm(request.GET or None, institutions=institutions)
    filters = form.cleaned_data if form.is_valid() else {}
    search = programme_search(
        text=filters.get("q", ""),
        level=filters.get("level", []),
        field=filters.get("field", []),
        language=filters.get("language", []),
        institution=filters.get("institution", []),
        institutions=institutions,
    )
    facets = [(name, form.fields[name].label, values) for name, values in search.facets.items()]
    paginator = Paginator(search.programmes, PAGE_SIZE)
    paginator.count = search.count  # known from the counts per filter value: no COUNT query
    page = paginator.get_page(request.GET.get("side"))
    context = {
        "form": form,
        "facets": facets,
        "page": page,
        "suggestions": search.suggestions,
        "query": _query_without_page(request),
        "filtered": any(filters.values()),
        "can_add": request.user.has_perm("catalogue.add_programme"),
        "can_manage": request.user.has_perm("catalogue.manage"),
        "language": get_language(),
    }
    if request.htmx and request.htmx.target == "programme-search":
        return render(request, "catalogue/programme_list.html#results", context)
    return render(request, "catalogue/programme_list.html", context)


@require_safe
@public_page("catalogue", "accounts")
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("institution"), slug=slug)
    language = get_language()
    data = jsonld.programme_data(programme, base_url=base_url(request), language=language)
    return render(
        request,
        "catalogue/programme.html",
        {
            "programme": programme,
            "title": programme.title_for(language),
            "description": programme.description_for(language),
            "months": [MONTHS[m] for m in programme.intake_months if m in MONTHS],
            "jsonld": jsonld.as_script(data),
            "can_change": request.user.has_perm("catalogue.change_programme", programme),
        },
    )


@require_safe
@public_page("catalogue", "accounts")
def institution_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/institution_list.html",
        {
            "institutions": Institution.objects.order_by("name"),
            "can_manage": request.user.has_perm("catalogue.manage"),
        },
    )


@require_safe
@public_page("catalogue", "accounts")
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    data = jsonld.institution_page_data(institution, base_url=base_url(request))
    return render(
        request,
        "catalogue/institution.html",
        {
            "institution": institution,
            "programmes": institution.programmes.order_by("level", "title_da"),
            "jsonld": jsonld.as_script(data),
            "language": get_language(),
            "can_manage": request.user.has_perm("catalogue.manage"),
            "can_add": request.user.has_perm("catalogue.add_programme_at", institution),
        },
    )


@require_safe
@public_page("catalogue", "accounts")
def student_life(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/student_life.html",
        {
            "events": upcoming_events()[:5],
            "housing_count": Housing.objects.count(),
            "offer_count": Offer.objects.count(),
        },
    )


@require_safe
@public_page("catalogue", "accounts")
def housing_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/housing_list.html",
        {
            "housing": Housing.objects.order_by("name"),
            "can_manage": request.user.has_perm("catalogue.manage"),
        },
    )


@require_safe
@public_page("catalogue", "accounts")
def housing_detail(request: HttpRequest, slug: str) -> HttpResponse:
    housing = get_object_or_404(Housing, slug=slug)
    return render(
        request,
        "catalogue/housing.html",
        {"housing": housing, "can_manage": request.user.has_perm("catalogue.manage")},
    )


def _event_filters(request: HttpRequest) -> tuple[EventFilterForm, dict]:
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, {
        "start": filters.get("start"),
        "audience": filters.get("audience", ""),
        "language": filters.get("language", ""),
        "organiser": filters.get("organiser", ""),
        "free": filters.get("free", False),
    }


@require_safe
@public_page("catalogue", "accounts")
def event_list(request: HttpRequest) -> HttpResponse:
    form, filters = _event_filters(request)
    events = upcoming_events(**filters)
    page = Paginator(events, EVENT_PAGE_SIZE).get_page(request.GET.get("side"))
    query = _query_without_page(request)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "feed_query": query,
        "filtered": any(filters.values()),
        "can_manage": request.user.has_perm("catalogue.manage"),
    }
    if request.htmx and request.htmx.target == "event-results":
        return render(request, "catalogue/event_list.html#results", context)
    return render(request, "catalogue/event_list.html", context)


@require_safe
def event_feed(request: HttpRequest) -> HttpResponse:
    """The events of the filter as an iCalendar feed (the filter is the query string)."""
    _form, filters = _event_filters(request)
    events = upcoming_events(**filters)[:500]
    response = HttpResponse(
        events_ical(list(events), base_url=base_url(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="begivenheder.ics"'
    return response


@require_safe
@public_page("catalogue", "accounts")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("institution"), pk=pk)
    return render(
        request,
        "catalogue/event.html",
        {
            "event": event,
            "jsonld": jsonld.as_script(jsonld.event_data(event, base_url=base_url(request))),
            "is_past": event.ends_at < timezone.now(),
            "can_manage": request.user.has_perm("catalogue.manage"),
        },
    )


@require_safe
@public_page("catalogue", "accounts")
def offer_list(request: HttpRequest) -> HttpResponse:
    form = OfferFilterForm(request.GET or None)
    category = form.cleaned_data.get("category") if form.is_valid() else ""
    offers = Offer.objects.order_by("category", "name")
    if category:
        offers = offers.filter(category=category)
    groups: dict[str, list[Offer]] = {}
    for offer in offers:
        groups.setdefault(offer.get_category_display(), []).append(offer)
    return render(
        request,
        "catalogue/offer_list.html",
        {
            "form": form,
            "groups": groups,
            "filtered": bool(category),
            "can_manage": request.user.has_perm("catalogue.manage"),
        },
    )


@require_safe
@public_page("catalogue", "accounts")
def page_list(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm("catalogue.manage")
    pages = published_pages(get_language())
    context = {"pages": pages, "can_manage": can_manage}
    if can_manage:
        context["all_pages"] = StudyPage.objects.order_by("language", "position", "pk")
    return render(request, "catalogue/page_list.html", context)


@require_safe
@public_page("catalogue", "accounts")
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(StudyPage.objects.select_related("translation"), slug=slug)
    if not request.user.has_perm("catalogue.view_page", page):
        raise Http404
    return render(
        request,
        "catalogue/page.html",
        {
            "page_obj": page,
            "blocks": page_blocks(page),
            "language": page.language,
            "can_manage": request.user.has_perm("catalogue.manage"),
        },
    )
