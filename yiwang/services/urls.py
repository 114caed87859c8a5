"""Public catalogue pages: /services/."""

from django.urls import path

from yiwang.services import views

app_name = "services"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("search/", views.search, name="search"),
    path("<uuid:code>/", views.guide, name="guide"),
    path("life/", views.life_events, name="life_persons"),
    path("life/enterprises/", views.life_events, {"audience": "enterprise"}, name="life_enterprises"),
]
