from django.urls import path

from . import api, views

app_name = "indicators"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("data.csv", views.values_csv, name="values_csv"),
    path("api/", api.api_docs, name="api_docs"),
    path("api/openapi.json", api.openapi, name="openapi"),
    path("api/v1/indicators/", api.indicators, name="api_indicators"),
    path("api/v1/indicators/<slug:code>/", api.indicator, name="api_indicator"),
    path("api/v1/indicators/<slug:code>/values/", api.values, name="api_values"),
    path("api/v1/observations/", api.observation_list, name="api_observations"),
    path("api/v1/observations.csv", api.observation_csv, name="api_observations_csv"),
    path("api/v1/fetches/<int:pk>/", api.fetch, name="api_fetch"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/data.csv", views.detail_csv, name="detail_csv"),
]
