from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BundlesConfig(AppConfig):
    name = "yiwang.bundles"
    label = "bundles"
    verbose_name = _("Bundled services")

    def ready(self):
        from yiwang.bundles.following import follow_case_events

        follow_case_events()
