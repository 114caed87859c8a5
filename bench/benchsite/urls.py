"""The product's URLs plus `POST /bench/insert`, the baseline of a write: one INSERT in a transaction."""

from django.urls import path

from benchsite.views import insert
from yiwang.urls import handler400, handler403, handler404, handler500  # noqa: F401
from yiwang.urls import urlpatterns as product

urlpatterns = [path("bench/insert", insert, name="bench_insert"), *product]
