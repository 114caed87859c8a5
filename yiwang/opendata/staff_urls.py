from django.urls import path

from yiwang.opendata import staff_views

app_name = "staff_opendata"
urlpatterns = [
    path("", staff_views.home, name="home"),
    path("publish/<str:code>/", staff_views.publish, name="publish"),
    path("datasets/<slug:name>/withdraw/", staff_views.withdraw, name="withdraw"),
    path("applications/<int:pk>/decide/", staff_views.decide, name="decide"),
    path("applications/<int:pk>/revoke/", staff_views.revoke, name="revoke"),
    path("showcase/<int:pk>/moderate/", staff_views.moderate, name="moderate"),
]
