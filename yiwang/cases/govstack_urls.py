"""The GovStack Registration building block API: /govstack/registration/ (paths as the spec writes them)."""

from django.urls import path

from yiwang.cases import govstack

app_name = "govstack_registration"

urlpatterns = [
    path("services", govstack.services, name="services"),
    path("services/<str:service_id>", govstack.service, name="service"),
    path("services/<str:service_id>/eForms", govstack.service_eforms, name="service_eforms"),
    path(
        "services/<str:service_id>/applications", govstack.service_applications, name="service_applications"
    ),
    path("eForms/<str:eform_id>", govstack.eform, name="eform"),
    path("documents", govstack.documents, name="documents"),
    path("applications", govstack.applications, name="applications"),
    path("applications/<str:file_id>", govstack.application, name="application"),
    path("tasks", govstack.tasks, name="tasks"),
    path("tasks/<str:task_id>", govstack.task, name="task"),
    path("tasks/<str:task_id>/complete", govstack.task_complete, name="task_complete"),
    path("data/statistics", govstack.statistics, name="statistics"),
    path("specs/registration-api.json", govstack.registration_spec, name="registration_spec"),
    path("specs/registration-statistics-api.json", govstack.statistics_spec, name="statistics_spec"),
]
