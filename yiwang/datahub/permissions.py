"""Who sees and loads which resources' data.

- A data steward (数据管理员) sees the resources their department provides (and its units'), loads
  data into them and may open a record's personal values, which is recorded.
- The system administrator sees every resource, masked, and loads nothing.
- The public catalogue shows every active resource's metadata, never its records.
Helpers 404 on anything else, so an outsider cannot even learn which records exist.
"""

import uuid

from django.http import Http404

from yiwang.accounts.models import Role
from yiwang.core.permissions import departments_for_user, user_has_role
from yiwang.datahub.models import ImportBatch, Record, Resource

STEWARD_ROLES = (Role.DATA_STEWARD,)
WATCHING_ROLES = (Role.SYSTEM_ADMIN,)


def is_data_staff(user):
    """Whether the user may open the steward pages at all."""
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or user_has_role(user, *STEWARD_ROLES, *WATCHING_ROLES)
    )


def sees_every_resource(user):
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or user_has_role(user, *WATCHING_ROLES)
    )


def resources_for_staff(user):
    """The resources whose data this member of staff may look at."""
    if sees_every_resource(user):
        return Resource.objects.all()
    return Resource.objects.filter(provider__in=departments_for_user(user, STEWARD_ROLES))


def get_resource_for_staff(user, code):
    resource = resources_for_staff(user).filter(code=str(code)[:40]).select_related("provider").first()
    if resource is None:
        raise Http404
    return resource


def can_steward(user, resource):
    """Whether the user is a steward of the resource's provider: loads data, opens personal values."""
    return departments_for_user(user, STEWARD_ROLES).filter(pk=resource.provider_id).exists()


def get_batch_for_staff(user, code):
    try:
        code = uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None
    batch = (
        ImportBatch.objects.filter(code=code, resource__in=resources_for_staff(user))
        .select_related("resource", "actor")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def get_record_for_staff(user, resource, key_index):
    """A record of a resource the user may see (checked by the caller), by its key's blind index."""
    record = Record.objects.filter(resource=resource, key_index=str(key_index)[:64]).first()
    if record is None:
        raise Http404
    return record


def get_public_resource(code):
    resource = Resource.objects.filter(code=str(code)[:40], is_active=True).select_related("provider").first()
    if resource is None:
        raise Http404
    return resource
