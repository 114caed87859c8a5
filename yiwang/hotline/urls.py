"""The citizen's hotline pages: /hotline/."""

from django.urls import path

from yiwang.hotline import sms, views

app_name = "hotline"
urlpatterns = [
    path("", views.citizen_new, name="new"),
    path("my/", views.citizen_mine, name="mine"),
    path("my/<str:code>/", views.citizen_detail, name="mine_detail"),
    path("visit/<str:token>/", views.visit_by_link, name="visit"),
    path("sms/", sms.inbound, name="sms"),
]
