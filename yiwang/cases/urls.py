"""The applicant's pages: apply, save and resume drafts, follow cases: /cases/."""

from django.urls import path

from yiwang.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("apply/<str:item_code>/", views.apply_start, name="apply"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/form/", views.draft_form, name="form"),
    path("<str:code>/materials/", views.draft_materials, name="materials"),
    path("<str:code>/materials/upload/", views.material_upload, name="upload"),
    path("<str:code>/files/<str:file_code>/", views.material_file, name="file"),
    path("<str:code>/files/<str:file_code>/remove/", views.material_remove, name="remove_file"),
    path("<str:code>/review/", views.draft_review, name="review"),
    path("<str:code>/supplement/", views.case_supplement, name="supplement"),
    path("<str:code>/withdraw/", views.case_withdraw, name="withdraw"),
    path("<str:code>/letter.pdf", views.case_letter, name="letter"),
]
