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
    path("kiosk/", views.kiosk, name="kiosk"),
    path("kiosk/logout/", views.kiosk_logout, name="kiosk_logout"),
    path("kiosk/exit/", views.kiosk_exit, name="kiosk_exit"),
    path("display-mode/", views.display_mode, name="display_mode"),
]
