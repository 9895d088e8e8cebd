from django.urls import path
from django.views.generic import RedirectView

from . import health, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("logo/", views.site_logo, name="logo"),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility"),
    path("was", RedirectView.as_view(pattern_name="core:accessibility", permanent=True)),
    path("was/", RedirectView.as_view(pattern_name="core:accessibility", permanent=True)),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("sprog/<str:code>/", views.language_switch, name="language"),
    path("sikkerhed/", views.security_policy, name="security"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
]
