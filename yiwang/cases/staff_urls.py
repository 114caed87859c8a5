"""The staff workbench, the case page and its acts, the counter (一窗受理): /staff/cases/."""

from django.urls import path

from yiwang.cases import staff_views as views

app_name = "staff_cases"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("counter/", views.counter, name="counter"),
    path("counter/receipt/<str:code>/", views.counter_receipt, name="counter_receipt"),
    path("counter/<str:item_code>/", views.counter_applicant, name="counter_applicant"),
    path("counter/<str:item_code>/apply/", views.counter_apply, name="counter_apply"),
    path("<str:code>/", views.case_detail, name="case"),
    path("<str:code>/personal-data/", views.reveal_personal_data, name="reveal"),
    path("<str:code>/materials/<str:material_code>/", views.material_file, name="material"),
    path("<str:code>/accept/", views.accept, name="accept"),
    path("<str:code>/refuse/", views.refuse, name="refuse"),
    path("<str:code>/supplement/", views.request_supplement, name="supplement"),
    path("<str:code>/complete-step/", views.complete_step, name="complete"),
    path("<str:code>/finish/", views.finish, name="finish"),
    path("<str:code>/deliver/", views.deliver, name="deliver"),
]
