from django.urls import path

from . import views

app_name = "setup"
urlpatterns = [
    path("", views.site_settings_edit, name="settings"),
    path("ny-kommune/", views.onboard, name="onboard"),
]
