"""A bundle as the departments see it: /staff/bundles/."""

from django.urls import path

from yiwang.bundles import views

app_name = "staff_bundles"
urlpatterns = [path("<str:code>/", views.staff_bundle_case, name="case")]
