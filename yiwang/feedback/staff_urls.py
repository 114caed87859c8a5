"""Staff 好差评 pages: the department's 差评 worklist, the supervisor's appeal queue: /staff/feedback/."""

from django.urls import path

from yiwang.feedback import staff_views

app_name = "staff_feedback"
urlpatterns = [
    path("", staff_views.worklist, name="worklist"),
    path("appeals/", staff_views.appeals, name="appeals"),
    path("tablet/<str:code>/<str:stage>/", staff_views.tablet, name="tablet"),
    path("<str:code>/", staff_views.detail, name="detail"),
    path("<str:code>/<str:act>/", staff_views.act, name="act"),
]
