"""Bundle pages: /bundles/."""

from django.urls import path

from yiwang.bundles import views

app_name = "bundles"
urlpatterns = [
    path("", views.bundle_list, name="list"),
    path("cases/", views.bundle_case_list, name="cases"),
    path("cases/<str:code>/", views.bundle_case_detail, name="case"),
    path("item-guide/<str:item_code>/", views.item_guide, name="item_guide"),
    path("<slug:slug>/", views.bundle_detail, name="detail"),
    path("<slug:slug>/questions/", views.bundle_questions, name="questions"),
    path("<slug:slug>/apply/", views.bundle_apply, name="apply"),
]
