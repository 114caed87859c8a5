"""The standard interfaces: CKAN's Action API and the DCAT-AP files."""

from django.urls import re_path

from yiwang.opendata import ckan, views

urlpatterns = [
    re_path(r"^api/3/action/(?P<name>[A-Za-z_]{1,60})$", ckan.action, name="ckan_action"),
    re_path(r"^api/action/(?P<name>[A-Za-z_]{1,60})$", ckan.action, name="ckan_action_unversioned"),
    re_path(r"^catalog\.(?P<fmt>jsonld|ttl)$", views.catalog_rdf, name="dcat_catalog"),
    re_path(
        r"^dataset/(?P<name>[a-z0-9_-]{2,100})\.(?P<fmt>jsonld|ttl)$", views.dataset_rdf, name="dcat_dataset"
    ),
]
