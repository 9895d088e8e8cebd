from django.conf import settings


def site(request):
    return {"municipality": settings.SITE_MUNICIPALITY}
