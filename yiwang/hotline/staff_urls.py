"""The hotline's staff pages: /staff/hotline/."""

from django.urls import path

from yiwang.hotline import views

app_name = "staff_hotline"
urlpatterns = [
    path("", views.home, name="home"),
    path("call/", views.take_call, name="take_call"),
    path("call/history/", views.caller_history, name="caller_history"),
    path("worklist/", views.worklist, name="worklist"),
    path("supervision/", views.supervision, name="supervision"),
    path("hot/", views.hot, name="hot"),
    path("export.csv", views.export, name="export"),
    path("tickets/<str:code>/", views.ticket_detail, name="ticket"),
    path("tickets/<str:code>/<str:action>/", views.ticket_action, name="ticket_action"),
]
