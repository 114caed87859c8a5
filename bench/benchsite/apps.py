from django.apps import AppConfig


class BenchSiteConfig(AppConfig):
    name = "benchsite"
    default_auto_field = "django.db.models.BigAutoField"
