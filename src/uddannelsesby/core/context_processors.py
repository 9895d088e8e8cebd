from .site import site_settings


def site(request):
    return {"municipality": site_settings()}
