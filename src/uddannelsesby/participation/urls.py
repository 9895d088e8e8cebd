from django.urls import path

from . import editor_views, views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
    path("hoeringer/<int:pk>/", views.hearing_detail, name="hearing"),
    path("hoeringer/<int:pk>/svar/", views.response_create, name="respond"),
    path("hoeringer/<int:pk>/tak/", views.response_thanks, name="response_thanks"),
    path("hoeringer/<int:pk>/hoeringsnotat/", views.hearing_memo, name="memo"),
    path("hoeringer/<int:pk>/hoeringsnotat.pdf", views.hearing_memo_pdf, name="memo_pdf"),
    path("hoeringer/<int:pk>/svar.csv", views.hearing_responses_csv, name="responses_csv"),
    path("hoeringer/<int:pk>/svar.json", views.hearing_responses_json, name="responses_json"),
    path("borgermoeder/", views.meeting_list, name="meetings"),
    path("borgermoeder/<int:pk>/", views.meeting_detail, name="meeting"),
    path("borgermoeder/<int:pk>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path("afmeld/<str:token>/", views.registration_cancel, name="cancel"),
    path("undersoegelser/<int:pk>/", views.survey_detail, name="survey"),
    path("undersoegelser/<int:pk>/tak/", views.survey_thanks, name="survey_thanks"),
    path("undersoegelser/<int:pk>/resultater/", views.survey_results, name="survey_results"),
    path("dialog/<int:pk>/", views.dialogue_detail, name="dialogue"),
    path("dialog/<int:pk>/resultater/", views.dialogue_results, name="dialogue_results"),
    path("privatlivspolitik/", views.privacy, name="privacy"),
    path("mine-data/", views.my_data, name="my_data"),
    path("mine-data/<str:token>/", views.my_data_token, name="my_data_token"),
    path("redaktion/", editor_views.dashboard, name="dashboard"),
    path("redaktion/hoeringer/ny/", editor_views.hearing_create, name="hearing_create"),
    path("redaktion/hoeringer/<int:pk>/", editor_views.hearing_manage, name="hearing_manage"),
    path("redaktion/hoeringer/<int:pk>/luk/", editor_views.hearing_close, name="hearing_close"),
    path(
        "redaktion/hoeringer/<int:pk>/forlaeng/", editor_views.hearing_extend, name="hearing_extend"
    ),
    path(
        "redaktion/hoeringer/<int:pk>/opsummering/",
        editor_views.hearing_summaries,
        name="hearing_summaries",
    ),
    path(
        "redaktion/hoeringer/<int:pk>/offentliggoer-notat/",
        editor_views.hearing_memo_publish,
        name="memo_publish",
    ),
    path("redaktion/svar/<int:pk>/", editor_views.response_manage, name="response_manage"),
    path("redaktion/svar/<int:pk>/bilag/", editor_views.response_attachment, name="attachment"),
    path("redaktion/borgermoeder/ny/", editor_views.meeting_create, name="meeting_create"),
    path("redaktion/borgermoeder/<int:pk>/", editor_views.meeting_edit, name="meeting_edit"),
    path("redaktion/undersoegelser/ny/", editor_views.survey_create, name="survey_create"),
    path("redaktion/undersoegelser/<int:pk>/", editor_views.survey_manage, name="survey_manage"),
    path("redaktion/spoergsmaal/<int:pk>/", editor_views.question_edit, name="question_edit"),
    path("redaktion/dialog/ny/", editor_views.dialogue_create, name="dialogue_create"),
    path("redaktion/dialog/<int:pk>/", editor_views.dialogue_manage, name="dialogue_manage"),
    path("redaktion/klasser/ny/", editor_views.class_create, name="class_create"),
    path("redaktion/klasser/<int:pk>/", editor_views.class_detail, name="class_detail"),
]
