"""The public resource catalogue: /data/catalogue/."""

from django.urls import path

from yiwang.datahub import catalogue_views as views

app_name = "data_catalogue"
urlpatterns = [
    path("", views.catalogue, name="list"),
    path("<str:code>/", views.resource, name="resource"),
]
