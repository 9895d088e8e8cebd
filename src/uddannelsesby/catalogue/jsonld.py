"""schema.org descriptions (JSON-LD) of institutions, programmes and events, for search engines.

The page embeds them as a data block (``<script type="application/ld+json">``): browsers do not
run data blocks, so the strict CSP (``script-src 'self'``) does not apply to them; the browser
test checks that Chromium reports no violation.
"""

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from .models import Event, Institution, Programme

CONTEXT = "https://schema.org"
ISO_LANGUAGES = {"da": ["da"], "en": ["en"], "da-en": ["da", "en"]}


def _address(street: str, postal_code: str, city: str) -> dict[str, Any]:
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "postalCode": postal_code,
        "addressLocality": city,
        "addressCountry": "DK",
    }


def institution_data(institution: Institution, *, base_url: str) -> dict[str, Any]:
    data = {
        "@type": "CollegeOrUniversity",
        "@id": base_url + institution.get_absolute_url(),
        "name": institution.name,
        "url": institution.website,
        "address": _address(institution.street_address, institution.postal_code, institution.city),
    }
    if institution.email:
        data["email"] = institution.email
    if institution.phone:
        data["telephone"] = institution.phone
    return data


def programme_data(programme: Programme, *, base_url: str, language: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "EducationalOccupationalProgram",
        "@id": base_url + programme.get_absolute_url(),
        "name": programme.title_for(language),
        "url": programme.url,
        "educationalCredentialAwarded": programme.get_level_display(),
        "timeToComplete": f"P{programme.duration_months}M",
        "inLanguage": ISO_LANGUAGES.get(programme.language, ["da"]),
        "provider": institution_data(programme.institution, base_url=base_url),
    }
    if programme.description_for(language):
        data["description"] = programme.description_for(language)
    if programme.ects:
        data["numberOfCredits"] = {
            "@type": "StructuredValue",
            "value": programme.ects,
            "unitText": "ECTS",
        }
    if programme.admission:
        data["programPrerequisites"] = programme.admission
    if programme.intake_months:
        data["termsPerYear"] = len(programme.intake_months)
    return data


def event_data(event: Event, *, base_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        "@id": base_url + event.get_absolute_url(),
        "name": event.title,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "inLanguage": ISO_LANGUAGES.get(event.language, ["da"]),
        "isAccessibleForFree": event.price == 0,
        "location": {"@type": "Place", "name": event.place, "address": event.address},
        "offers": {
            "@type": "Offer",
            "price": event.price,
            "priceCurrency": "DKK",
            "url": event.url or base_url + event.get_absolute_url(),
        },
    }
    if event.description:
        data["description"] = event.description
    if event.institution:
        data["organizer"] = institution_data(event.institution, base_url=base_url)
    return data


def institution_page_data(institution: Institution, *, base_url: str) -> dict[str, Any]:
    return {"@context": CONTEXT, **institution_data(institution, base_url=base_url)}


def as_script(data: dict[str, Any] | list[dict[str, Any]]) -> SafeString:
    """JSON for a <script type="application/ld+json"> block, safe against "</script>"."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - every markup character is escaped above
