from django.urls import path, re_path

from yiwang.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("dataset/<slug:name>/", views.dataset_page, name="dataset"),
    re_path(
        r"^dataset/(?P<name>[a-z0-9_-]+)/download\.(?P<fmt>csv|json|xlsx)$", views.download, name="download"
    ),
    path("dataset/<slug:name>/rows", views.rows_api, name="rows"),
    path("dataset/<slug:name>/apply/", views.apply, name="apply"),
    path("developer/", views.developer, name="developer"),
    path("developer/keys/new/", views.key_new, name="key_new"),
    path("developer/keys/<int:pk>/revoke/", views.key_revoke, name="key_revoke"),
    path("showcase/", views.showcase, name="showcase"),
    path("showcase/new/", views.showcase_new, name="showcase_new"),
]
