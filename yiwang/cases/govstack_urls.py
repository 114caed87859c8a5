"""The GovStack Registration building block API: /govstack/registration/."""

urlpatterns = []
