from django.urls import path

from . import feeds, views

app_name = "follow"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("sendt/", views.requested, name="requested"),
    path("stop/<int:pk>/", views.stop, name="stop"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("afmeld/alle/<str:token>/", views.unsubscribe_all, name="unsubscribe_all"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("politik/<slug:slug>/send/", views.policy_mail, name="policy_mail"),
    path("politik/<slug:slug>/sendt/", views.policy_mail_sent, name="policy_mail_sent"),
    path("feed/<str:feed>/<str:format>/", feeds.list_feed, name="list_feed"),
    path("feed/politik/<slug:slug>/<str:format>/", feeds.policy_feed, name="policy_feed"),
    path("feed/handleplan/<slug:slug>/<int:year>/<str:format>/", feeds.plan_feed, name="plan_feed"),
    path("<str:kind>/<int:pk>/", views.follow, name="follow"),
]
