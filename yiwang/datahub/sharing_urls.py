"""Staff pages of sharing: /staff/data/sharing/."""

from django.urls import path

from yiwang.datahub import sharing_views as views

app_name = "sharing"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("requests/new", views.request_new, name="request_new"),
    path("requests/<uuid:code>/", views.request_detail, name="request"),
    path("requests/<uuid:code>/approve", views.request_approve, name="request_approve"),
    path("requests/<uuid:code>/refuse", views.request_refuse, name="request_refuse"),
    path("grants/", views.grants, name="grants"),
    path("grants/<uuid:code>/revoke", views.grant_revoke, name="grant_revoke"),
    path("consumers/", views.consumers, name="consumers"),
    path("consumers/<uuid:code>/", views.consumer_detail, name="consumer"),
    path("consumers/<uuid:code>/change", views.consumer_change, name="consumer_change"),
    path("consumers/<uuid:code>/keys", views.key_issue, name="key_issue"),
    path("consumers/<uuid:code>/keys/<str:key_id>/revoke", views.key_revoke, name="key_revoke"),
    path("calls/", views.calls, name="calls"),
]
