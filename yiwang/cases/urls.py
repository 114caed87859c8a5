"""The applicant's pages: apply, save and resume drafts, follow cases: /cases/."""

app_name = "cases"
urlpatterns = []
