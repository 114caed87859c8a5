from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "yiwang.insight"
    label = "insight"
    verbose_name = _("Dashboards and supervision")

    def ready(self):
        from yiwang.insight import counting

        counting.register_readers()
