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
    path("folg/", include("uddannelsesby.follow.urls")),
    path("uddannelser/", include("uddannelsesby.catalogue.urls")),
    path("bro/", include("uddannelsesby.bridge.urls")),
    path("soeg/", include("uddannelsesby.search.urls")),
    path("opsaetning/", include("uddannelsesby.setup.urls")),
]
# Uploaded files (MEDIA_ROOT) are deliberately not served here, not even with DEBUG on: only
# views that check permission serve them (core.files.serve_file).

# The site's own error pages (Danish and English, in the site's layout, with a way on).
handler400 = "uddannelsesby.core.views.bad_request"
handler403 = "uddannelsesby.core.views.permission_denied"
handler404 = "uddannelsesby.core.views.page_not_found"
handler500 = "uddannelsesby.core.views.server_error"
