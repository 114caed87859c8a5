from django.urls import path

from yiwang.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.centre, name="centre"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/notifications/read/", views.notifications_read, name="notifications_read"),
    path("me/enterprises/add/", views.enterprise_add, name="enterprise_add"),
    path("me/acting-for/", views.act_as, name="act_as"),
    path("display-mode/", views.display_mode, name="display_mode"),
]
