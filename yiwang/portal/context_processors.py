from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    return {
        "district_name": settings.YIWANG_DISTRICT_NAME,
        "large_text": getattr(request, "large_text", False),
        "is_staff_member": bool(user and user.is_authenticated and user.is_staff_member),
    }
