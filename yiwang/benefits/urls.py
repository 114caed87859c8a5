"""The citizen's benefits: /me/benefits/."""

from django.urls import path

from yiwang.benefits import views

app_name = "benefits"
urlpatterns = [
    path("", views.my_benefits, name="mine"),
    path("recommendations/", views.switch_recommendations, name="recommendations"),
    path("<str:code>/", views.decline, name="decline"),
]
