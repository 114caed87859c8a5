"""Public catalogue pages: /services/."""

app_name = "services"
urlpatterns = []
