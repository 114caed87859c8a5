"""Benefit rules and their runs for the data steward and the system administrator: /staff/benefits/."""

from django.urls import path

from yiwang.benefits import views

app_name = "staff_benefits"
urlpatterns = [
    path("", views.staff_rules, name="rules"),
    path("<str:code>/", views.staff_rule, name="rule"),
    path("<str:code>/run/", views.staff_run, name="run"),
]
