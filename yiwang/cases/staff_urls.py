"""The staff workbench: worklists, case pages, the counter (一窗受理): /staff/cases/."""

app_name = "staff_cases"
urlpatterns = []
