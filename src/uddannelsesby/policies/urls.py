from django.urls import path

from . import editor_views, views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("redaktion/", editor_views.editor_list, name="editor_list"),
    path("redaktion/ny/", editor_views.policy_create, name="create"),
    path("redaktion/importer/", editor_views.policy_import, name="import"),
    path(
        "redaktion/importer/dokument/",
        editor_views.policy_import_document,
        name="import_document",
    ),
    path(
        "redaktion/importer/dokument/gennemse/",
        editor_views.policy_import_review,
        name="import_review",
    ),
    path("redaktion/<slug:slug>/", editor_views.editor_detail, name="editor_detail"),
    path("redaktion/<slug:slug>/rediger/", editor_views.policy_edit, name="edit"),
    path("redaktion/<slug:slug>/forhaandsvisning/", editor_views.policy_preview, name="preview"),
    path("redaktion/<slug:slug>/historik/", editor_views.policy_history, name="history"),
    path("redaktion/<slug:slug>/eksport/", editor_views.policy_export_view, name="export"),
    path("redaktion/<slug:slug>/hoering/", editor_views.policy_hearing, name="hearing"),
    path("redaktion/<slug:slug>/vedtag/", editor_views.policy_adopt, name="adopt"),
    path("redaktion/<slug:slug>/arkiver/", editor_views.policy_archive, name="archive"),
    path(
        "redaktion/<slug:slug>/fokusomraader/ny/",
        editor_views.focus_area_create,
        name="focus_area_create",
    ),
    path(
        "redaktion/<slug:slug>/fokusomraader/<int:pk>/",
        editor_views.focus_area_edit,
        name="focus_area_edit",
    ),
    path(
        "redaktion/<slug:slug>/fokusomraader/<int:pk>/indsatser/ny/",
        editor_views.commitment_create,
        name="commitment_create",
    ),
    path(
        "redaktion/<slug:slug>/indsatser/<int:pk>/",
        editor_views.commitment_edit,
        name="commitment_edit",
    ),
    path("redaktion/<slug:slug>/links/ny/", editor_views.link_create, name="link_create"),
    path(
        "redaktion/<slug:slug>/links/<int:pk>/slet/", editor_views.link_delete, name="link_delete"
    ),
    path(
        "redaktion/<slug:slug>/<str:kind>/<int:pk>/flyt/",
        editor_views.part_move,
        name="move",
    ),
    path(
        "redaktion/<slug:slug>/<str:kind>/<int:pk>/slet/",
        editor_views.part_delete,
        name="delete",
    ),
    path("<slug:slug>/", views.policy_detail, name="detail"),
    path("<slug:slug>/versioner/", views.policy_versions, name="versions"),
    path("<slug:slug>/versioner/<int:number>/", views.policy_version, name="version"),
    path("<slug:slug>/sammenlign/", views.policy_compare, name="compare"),
    path("<slug:slug>/pdf/", views.policy_pdf, name="pdf"),
    path("<slug:slug>/json/", views.policy_json, name="json"),
]
