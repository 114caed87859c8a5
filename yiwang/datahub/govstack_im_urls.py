"""The GovStack Information Mediator directory services: /govstack/im/ (paths as the spec writes them)."""

from django.urls import path

from yiwang.datahub import govstack_im as views
from yiwang.datahub import govstack_specs

app_name = "govstack_im"
PROVIDER = "r1/<str:instance>/<str:member_class>/<str:member_code>/<str:application>"

urlpatterns = [
    path("listClients", views.list_clients, name="list_clients"),
    path(f"{PROVIDER}/listMethods", views.list_methods, name="list_methods"),
    path(f"{PROVIDER}/allowedMethods", views.allowed_methods, name="allowed_methods"),
    path(f"{PROVIDER}/getOpenAPI", views.get_openapi, name="get_openapi"),
    path("specs/<str:name>", govstack_specs.spec, name="spec"),
]
