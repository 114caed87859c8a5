import functools

from django.conf import settings

from yiwang.core.text import localise


def _unread(user):
    """How many in-app messages the user has not read: counted once, and only when a page shows it."""

    @functools.cache
    def count():
        from yiwang.notify.models import Notification

        return Notification.objects.filter(
            recipient=user, medium=Notification.IN_APP, read_at__isnull=True
        ).count()

    return count


def site(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "unread_notifications": _unread(user) if authenticated else 0,
        "district_name": localise(settings.YIWANG_DISTRICT_NAME, settings.YIWANG_DISTRICT_NAME_EN),
        "large_text": getattr(request, "large_text", False),
        "kiosk_mode": getattr(request, "kiosk", False),
        "kiosk_idle_seconds": settings.YIWANG_KIOSK_IDLE_SECONDS,
        "is_staff_member": authenticated and user.is_staff_member,
    }
