from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yiwang.core"
    label = "core"
    verbose_name = _("Working days and audit trail")

    def ready(self):
        from yiwang.core import checks  # noqa: F401 - registers the check that every key is configured
