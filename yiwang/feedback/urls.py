"""Public 好差评 pages: rate a stage (logged in, or through a signed link) and the figures: /feedback/."""

from django.urls import path

from yiwang.feedback import views

app_name = "feedback"
urlpatterns = [
    path("rate/<str:kind>/<str:code>/<str:stage>/", views.rate, name="rate"),
    path("r/<str:token>/", views.rate_link, name="rate_link"),
    path("departments/<str:code>/", views.department_page, name="department"),
    path("items/<uuid:code>/", views.item_page, name="item"),
]
