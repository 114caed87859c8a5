"""One code list for where something came from (DESIGN.md: Channel)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    MOBILE = "mobile", _("Mobile")
    KIOSK = "kiosk", _("Self-service kiosk")
    COUNTER = "counter", _("Service counter")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    PROACTIVE = "proactive", _("Proactive (no application needed)")
    SYSTEM = "system", _("System")


# 好差评 channel codes (DOMAIN.md §4) → our channels.
EVALUATION_CHANNEL_CODES = {
    "1": Channel.WEB,
    "2": Channel.MOBILE,
    "3": Channel.MOBILE,  # QR code, scanned with a phone
    "4": Channel.COUNTER,  # hall tablet
    "5": Channel.KIOSK,  # other hall terminal
    "6": Channel.PHONE,  # phone / SMS
}
