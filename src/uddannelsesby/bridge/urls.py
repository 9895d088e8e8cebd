from django.urls import path

from . import editor_views, views

app_name = "bridge"
urlpatterns = [
    path("", views.index, name="index"),
    path("opslag/<int:pk>/", views.opportunity, name="opportunity"),
    path("opslag/<int:pk>/ansoeg/", views.apply, name="apply"),
    path("opslag/<int:pk>/vis-profil/", views.release, name="release"),
    path("soegninger/gem/", views.search_save, name="search_save"),
    path("soegninger/<int:pk>/slet/", views.search_delete, name="search_delete"),
    # Students
    path("studerende/opret/", views.student_signup, name="student_signup"),
    path("tilmelding/sendt/", views.signup_sent, name="signup_sent"),
    path(
        "tilmelding/bekraeft/<str:uidb64>/<str:token>/",
        views.signup_confirm,
        name="signup_confirm",
    ),
    path("min-profil/", views.profile, name="profile"),
    path("anbefalet/", views.recommended, name="recommended"),
    path("mine/", views.my_applications, name="mine"),
    path("ansoegninger/<int:pk>/", views.application_detail, name="application"),
    path("ansoegninger/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path("studerende/<int:pk>/", views.student_detail, name="student"),
    path("studerende/<int:pk>/cv/", views.student_cv, name="student_cv"),
    path("runder/<int:pk>/", views.round_detail, name="round"),
    # Organisations
    path("organisation/opret/", views.employer_signup, name="employer_signup"),
    path("organisation/", views.employer_home, name="employer_home"),
    path("organisation/opslag/nyt/", views.opportunity_create, name="opportunity_create"),
    path("opslag/<int:pk>/rediger/", views.opportunity_edit, name="opportunity_edit"),
    path("opslag/<int:pk>/send/", views.opportunity_submit, name="opportunity_submit"),
    path("opslag/<int:pk>/luk/", views.opportunity_close, name="opportunity_close"),
    path("opslag/<int:pk>/besat/", views.opportunity_filled, name="opportunity_filled"),
    path(
        "opslag/<int:pk>/ansoegninger/",
        views.opportunity_applications,
        name="opportunity_applications",
    ),
    path("pladser/<int:pk>/rangering/", views.position_rank, name="position_rank"),
    # Editors
    path("redaktion/", editor_views.queue, name="queue"),
    path(
        "redaktion/organisationer/<int:pk>/", editor_views.employer_review, name="employer_review"
    ),
    path("redaktion/opslag/<int:pk>/", editor_views.opportunity_review, name="opportunity_review"),
    path("redaktion/runder/ny/", editor_views.round_create, name="round_create"),
    path("redaktion/runder/<int:pk>/", editor_views.round_manage, name="round_manage"),
    path(
        "redaktion/runder/<int:pk>/<str:step>/",
        editor_views.round_step,
        name="round_step",
    ),
    path("redaktion/mentorer/", editor_views.mentors_assign, name="mentors_assign"),
    path("redaktion/placeringer/", editor_views.placements, name="placements"),
    path(
        "redaktion/placeringer/opslag/<int:pk>/",
        editor_views.placement_correct,
        name="placement_correct",
    ),
    path(
        "redaktion/placeringer/offentliggoer/",
        editor_views.placements_publish,
        name="placements_publish",
    ),
]
