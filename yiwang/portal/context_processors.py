from django.conf import settings

from yiwang.core.text import localise


def site(request):
    user = getattr(request, "user", None)
    return {
        "district_name": localise(settings.YIWANG_DISTRICT_NAME, settings.YIWANG_DISTRICT_NAME_EN),
        "large_text": getattr(request, "large_text", False),
        "is_staff_member": bool(user and user.is_authenticated and user.is_staff_member),
    }
