from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "yiwang.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        """Tell the person waiting when a published holiday schedule moves their due date."""
        from yiwang.cases.actions import tell_applicant_due_date_moved
        from yiwang.core.events import EventCode, read_events

        read_events([EventCode.CLOCK_RECOMPUTED], tell_applicant_due_date_moved)
