"""Dashboards, the large screen, reports and supervision: /staff/insight/."""

from django.urls import path

from yiwang.insight import views

app_name = "insight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("data.json", views.data_json, name="data"),
    path("screen/", views.screen, name="screen"),
    path("report.pdf", views.report, {"fmt": "pdf"}, name="report_pdf"),
    path("report.xlsx", views.report, {"fmt": "xlsx"}, name="report_xlsx"),
    path("supervision/", views.supervision_page, name="supervision"),
    path("supervision/monthly/", views.supervision_monthly, name="monthly"),
    path("supervision/monthly.xlsx", views.supervision_monthly, {"fmt": "xlsx"}, name="monthly_xlsx"),
    path("supervision/<str:code>/<str:act>/", views.supervision_act, name="act"),
]
