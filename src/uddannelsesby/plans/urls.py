from django.urls import path

from . import editor_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("oversigt/", editor_views.dashboard, name="dashboard"),
    path("aktivitet/<int:pk>/", views.activity_detail, name="activity"),
    path("aktivitet/<int:pk>/opdater/", editor_views.activity_post_update, name="activity_update"),
    path("aktivitet/<int:pk>/rediger/", editor_views.activity_edit, name="activity_edit"),
    path("aktivitet/<int:pk>/slet/", editor_views.activity_delete, name="activity_delete"),
    path("opdatering/<int:pk>/bilag/", views.update_attachment, name="attachment"),
    path("<slug:policy>/ny/", editor_views.plan_create, name="plan_create"),
    path("<slug:policy>/daekning/", views.coverage, name="coverage"),
    path("<slug:policy>/<int:year>/", views.plan_detail, name="plan"),
    path("<slug:policy>/<int:year>/rediger/", editor_views.plan_edit, name="plan_edit"),
    path("<slug:policy>/<int:year>/vedtag/", editor_views.plan_adopt, name="plan_adopt"),
    path("<slug:policy>/<int:year>/luk/", editor_views.plan_close, name="plan_close"),
    path(
        "<slug:policy>/<int:year>/aktiviteter/ny/",
        editor_views.activity_create,
        name="activity_create",
    ),
    # --- import, export, reports and reviews (io_views.py, report_views.py) ---
]
