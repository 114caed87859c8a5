"""Who may see what of accounts and enterprises; helpers 404 on others' objects."""

from django.http import Http404

from yiwang.accounts.models import Enterprise


def get_enterprise_for_user(user, code):
    """An enterprise the user acts for, by its opaque code; 404 for any other."""
    if not user.is_authenticated:
        raise Http404
    enterprise = Enterprise.objects.filter(code=code, agents__user=user).first() if _is_uuid(code) else None
    if enterprise is None:
        raise Http404
    return enterprise


def enterprises_for_user(user):
    if not user.is_authenticated:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(agents__user=user).order_by("name")


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
