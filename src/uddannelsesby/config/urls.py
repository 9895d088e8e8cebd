from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("uddannelsesby.core.urls")),
    path("konto/", include("uddannelsesby.accounts.urls")),
    path("politikker/", include("uddannelsesby.policies.urls")),
    path("handleplaner/", include("uddannelsesby.plans.urls")),
    path("indikatorer/", include("uddannelsesby.indicators.urls")),
    path("deltag/", include("uddannelsesby.participation.urls")),
    path("uddannelser/", include("uddannelsesby.catalogue.urls")),
    path("bro/", include("uddannelsesby.bridge.urls")),
]
# Uploaded files (MEDIA_ROOT) are deliberately not served here, not even with DEBUG on: only
# views that check permission serve them (core.files.serve_file).
