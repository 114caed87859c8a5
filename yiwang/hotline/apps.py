from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "yiwang.hotline"
    label = "hotline"
    verbose_name = _("12345 hotline")

    def ready(self):
        """Tell the person waiting when a published holiday schedule moves their due date."""
        from yiwang.core.events import EventCode, read_events
        from yiwang.hotline.actions import tell_caller_due_date_moved

        read_events([EventCode.CLOCK_RECOMPUTED], tell_caller_due_date_moved)
