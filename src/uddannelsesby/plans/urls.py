from django.urls import path

from . import editor_views, views

from . import io_views, report_views  # isort: skip

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
    # A review's own pages start "eftersyn/nr-<pk>/": "eftersyn/<pk>/" would be taken by the
    # plan year pattern "<slug:policy>/<int:year>/" above.
    path("<slug:policy>/<int:year>/eksport.csv", io_views.export_csv, name="export_csv"),
    path("<slug:policy>/<int:year>/eksport.xlsx", io_views.export_xlsx, name="export_xlsx"),
    path("<slug:policy>/<int:year>/aktiviteter.csv", io_views.public_csv, name="activities_csv"),
    path("<slug:policy>/<int:year>/aktiviteter.json", io_views.public_json, name="activities_json"),
    path("<slug:policy>/<int:year>/importer/", io_views.import_activities, name="import"),
    path("<slug:policy>/<int:year>/rapport/", report_views.annual_report, name="report"),
    path("<slug:policy>/<int:year>/rapport.pdf", report_views.annual_report_pdf, name="report_pdf"),
    path("<slug:policy>/kalender/", report_views.council_calendar, name="calendar"),
    path("<slug:policy>/kalender.ics", report_views.council_calendar_ics, name="calendar_ics"),
    path("<slug:policy>/eftersyn/", report_views.review_list, name="reviews"),
    path("<slug:policy>/eftersyn/nyt/", report_views.review_create, name="review_create"),
    path("eftersyn/nr-<int:pk>/", report_views.review_detail, name="review"),
    path("eftersyn/nr-<int:pk>/pdf/", report_views.review_pdf, name="review_pdf"),
    path("eftersyn/nr-<int:pk>/afslut/", report_views.review_complete, name="review_complete"),
    path(
        "eftersyn/nr-<int:pk>/indsats/<int:commitment>/",
        report_views.review_commitment,
        name="review_commitment",
    ),
]
