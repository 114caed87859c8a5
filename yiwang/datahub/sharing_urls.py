"""placeholder"""
urlpatterns = []
