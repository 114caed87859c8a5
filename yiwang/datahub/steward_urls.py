"""The data steward's pages: /staff/data/."""

from django.urls import path

from yiwang.datahub import steward_views as views

app_name = "staff_data"
urlpatterns = [
    path("", views.resource_list, name="resources"),
    path("elements/", views.element_list, name="elements"),
    path("resources/<str:code>/", views.resource_detail, name="resource"),
    path("resources/<str:code>/upload/", views.upload, name="upload"),
    path("resources/<str:code>/records/", views.record_lookup, name="record_lookup"),
    path("resources/<str:code>/records/<str:key>/", views.record_detail, name="record"),
    path("imports/<str:code>/", views.batch_detail, name="batch"),
    path("imports/<str:code>/errors.csv", views.batch_errors, name="batch_errors"),
]
