"""The exchange gateway (G2G): /gateway/v1/ (docs/sharing.md)."""

from django.urls import path

from yiwang.datahub import gateway

app_name = "gateway"

urlpatterns = [
    path("openapi.json", gateway.openapi, name="openapi"),
    path("resources", gateway.resources, name="resources"),
    path("resources/<str:code>/lookup", gateway.lookup, name="lookup"),
    path("resources/<str:code>/query", gateway.query, name="query"),
    path("resources/<str:code>/export", gateway.export, name="export"),
]
