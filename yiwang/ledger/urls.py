"""The citizen's ledger pages: /me/data-uses/."""

from django.urls import path

from yiwang.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.data_uses, name="data_uses"),
    path("<str:code>/receipt.json", views.receipt, name="receipt"),
    path("<str:code>/object/", views.object_to_use, name="object"),
]
