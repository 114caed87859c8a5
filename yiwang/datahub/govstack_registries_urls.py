"""The GovStack Digital Registries API: /govstack/registries/ (paths as the specs write them)."""

from django.urls import path

from yiwang.datahub import govstack_registries as views
from yiwang.datahub import govstack_specs

app_name = "govstack_registries"

urlpatterns = [
    path("data/myPersonalDataUsage", views.personal_data_usage, name="personal_data_usage"),
    path("data/<str:registry>/<str:version>", views.data_list, name="list"),
    path("data/<str:registry>/<str:version>/create", views.data_create, name="create"),
    path("data/<str:registry>/<str:version>/exists", views.data_exists, name="exists"),
    path("data/<str:registry>/<str:version>/read", views.data_read, name="read"),
    path("data/<str:registry>/<str:version>/update", views.data_update, name="update"),
    path("data/<str:registry>/<str:version>/updateEntries", views.data_update_entries, name="update_entries"),
    path(
        "data/<str:registry>/<str:version>/updateOrCreate",
        views.data_update_or_create,
        name="update_or_create",
    ),
    path("data/<str:registry>/<str:version>/<str:record_id>/delete", views.data_delete, name="delete"),
    path(
        "data/<str:registry>/<str:version>/<str:key>/readValue/<str:field>.<str:ext>",
        views.data_read_value,
        name="read_value",
    ),
    path("databases", views.databases, name="databases"),
    path("database/modify", views.database_modify, name="database_modify"),
    path("database/<int:database_id>", views.database, name="database"),
    path("specs/<str:name>", govstack_specs.spec, name="spec"),
]
