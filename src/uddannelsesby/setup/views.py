"""The administrators' pages: the site settings and onboarding a municipality."""

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from uddannelsesby.core.models import SiteSettings
from uddannelsesby.core.services import site_settings_save
from uddannelsesby.core.site import default_site, site_settings
from uddannelsesby.core.views import form_page
from uddannelsesby.indicators.areas import get_area
from uddannelsesby.policies.importing import notes

from . import services
from .forms import OnboardForm, SiteSettingsForm


def admin_required(view):
    """Anonymous visitors are sent to log in; logged-in users who are not administrators: 403."""
    return login_required(permission_required("setup.change_settings", raise_exception=True)(view))


def _row() -> SiteSettings:
    """The saved row, or an unsaved one holding the environment's defaults."""
    row = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON).first()
    if row is None:
        defaults = default_site()
        row = SiteSettings(
            name=defaults.name,
            place_name=defaults.place_name,
            code=defaults.code,
            address=defaults.address,
            email=defaults.email,
            phone=defaults.phone,
            theme=defaults.theme,
        )
    return row


def _comparison() -> services.Comparison | None:
    area = get_area(site_settings().code)
    return services.comparison_for(area) if area and area.kind == "municipality" else None


@admin_required
def site_settings_edit(request: HttpRequest) -> HttpResponse:
    row = _row()
    form = SiteSettingsForm(request.POST or None, request.FILES or None, instance=row)

    def save(data: dict[str, Any]) -> SiteSettings:
        fields = {name: data[name] for name in SiteSettingsForm.Meta.fields if name != "logo"}
        if "logo" in form.changed_data:
            fields["logo"] = data["logo"] or False
        return site_settings_save(actor=request.user, **fields)

    return form_page(
        request,
        form,
        save,
        title=_("Site settings"),
        success=_("The site settings were saved."),
        next_url=lambda result: reverse("setup:settings"),
        template="setup/settings.html",
        extra={"comparison": _comparison()},
    )


def _onboarded_message(result: services.Onboarded, trees: list) -> str:
    """What was set up, with a link to each imported policy's editing page."""
    done = _("The site is set up for the municipality. Check the settings below.")
    if not site_settings().email:
        done = format_html(
            "{} {}", done, _("Add the municipality's address, e-mail and phone for the footer.")
        )
    if not result.policies:
        return done
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("policies:editor_detail", args=[p.slug]), p.title) for p in result.policies),
    )
    message = format_html("{} {} {}.", done, _("Then look at the imported policies:"), links)
    said = format_html_join(
        " ",
        "{}: {}",
        (
            (policy.title, " ".join(found))
            for policy, tree in zip(result.policies, trees, strict=True)
            if (found := notes(tree))
        ),
    )
    return format_html("{} {}", message, said) if said else message


@admin_required
def onboard(request: HttpRequest) -> HttpResponse:
    form = OnboardForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> services.Onboarded:
        return services.site_onboard(
            actor=request.user,
            code=data["code"],
            name=data["name"],
            place_name=data["place_name"],
            policies=data["policies"],
        )

    return form_page(
        request,
        form,
        save,
        title=_("Set up a municipality"),
        success=lambda result: _onboarded_message(result, form.cleaned_data["policies"]),
        next_url=lambda result: reverse("setup:settings"),
        cancel_url=reverse("setup:settings"),
        lead=_(
            "In one step: the name and code in the site settings, the indicators compared with "
            "the municipality's neighbours and region, and its policies imported as drafts."
        ),
        template="setup/onboard.html",
    )
