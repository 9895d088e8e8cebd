"""The municipality this installation serves, read on every page: from the cache, else one query.

The row (core.models.SiteSettings) is cached as plain data under one key; saving it
(core.services.site_settings_save) deletes the key, at once and again after the commit, so no
request caches the old row between the two. Without a row, the environment variables
(settings.SITE_MUNICIPALITY) are the settings.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

CACHE_KEY = "core:site-settings:1"
CACHE_SECONDS = 3600
THEME_STYLESHEETS = {
    "neutral": "vendor/dkfds/css/dkfds.min.css",
    "borgerdk": "vendor/dkfds/css/dkfds-borgerdk.min.css",
    "virkdk": "vendor/dkfds/css/dkfds-virkdk.min.css",
}


@dataclass(frozen=True)
class Site:
    name: str
    place_name: str
    code: str
    address: str = ""
    email: str = ""
    phone: str = ""
    theme: str = "neutral"
    logo: str = ""  # the stored file's name; empty without a logo
    version: str = ""  # changes with every save: the logo's address changes with it
    saved: bool = False  # False: the environment's defaults, no row yet

    @property
    def tel(self) -> str:
        """The phone number for a tel: link: digits, with Denmark's +45 unless it has a
        country code ("+45 96 28 28 28", "0045 96282828" and "96 28 28 28" are one number)."""
        digits = "".join(char for char in self.phone if char.isdigit())
        if self.phone.strip().startswith("+"):
            return f"+{digits}"
        if digits.startswith("00"):
            return f"+{digits[2:]}"
        return f"+45{digits}" if digits else ""

    @property
    def stylesheet(self) -> str:
        return THEME_STYLESHEETS.get(self.theme, THEME_STYLESHEETS["neutral"])

    @property
    def logo_url(self) -> str:
        return f"{reverse('core:logo')}?v={self.version}" if self.logo else ""

    def __getitem__(self, key: str):
        """Read like the old settings dict: site["code"]."""
        return getattr(self, key)


def default_site() -> Site:
    env = getattr(settings, "SITE_MUNICIPALITY", {})
    name = env.get("name", "")
    return Site(
        name=name,
        place_name=env.get("place_name") or name.removesuffix(" Kommune").strip(),
        code=str(env.get("code", "")),
        address=env.get("address", ""),
        email=env.get("email", ""),
        phone=env.get("phone", ""),
        theme=env.get("theme") or "neutral",
    )


def site_from_row(row) -> Site:
    return Site(
        name=row.name,
        place_name=row.place_name,
        code=row.code,
        address=row.address,
        email=row.email,
        phone=row.phone,
        theme=row.theme,
        logo=row.logo.name or "",
        version=row.updated_at.strftime("%Y%m%d%H%M%S%f") if row.updated_at else "",
        saved=True,
    )


def site_settings() -> Site:
    """The site's settings: from the cache, else at most one query (then cached)."""
    data = cache.get(CACHE_KEY)
    if data is not None:
        return Site(**data)
    from .models import SiteSettings

    row = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON).first()
    site = site_from_row(row) if row else default_site()
    cache.set(CACHE_KEY, asdict(site), CACHE_SECONDS)
    return site


def site_settings_forget() -> None:
    cache.delete(CACHE_KEY)


def site_settings_without_database() -> Site:
    """For the 500 page: the cached settings if the cache answers, else the defaults; never a
    query (the database may be what failed)."""
    try:
        data = cache.get(CACHE_KEY)
    except Exception:  # the cache may be down too: the error page must still render
        data = None
    return Site(**data) if data else default_site()
