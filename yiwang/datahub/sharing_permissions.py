"""Who sees what of sharing (DESIGN.md: department scope). Data stewards see the systems of their
departments, the requests and grants on their departments' resources and their systems' requests
and grants; department heads ask for data for their departments' systems; supervisors read share
requests (the overdue ones are escalated to them). Everyone else sees nothing (404 on an object)."""

from django.db.models import Q
from django.http import Http404

from yiwang.accounts.models import Role
from yiwang.core.permissions import departments_for_user, user_has_role
from yiwang.datahub.models import Consumer, GatewayCall, Grant, ShareRequest
from yiwang.datahub.sharing import CONSUMER_ROLES

STEWARD = (Role.DATA_STEWARD,)


def uses_sharing(user):
    return user_has_role(user, Role.DATA_STEWARD, Role.DEPARTMENT_HEAD, Role.SUPERVISOR)


def is_steward(user):
    return user_has_role(user, Role.DATA_STEWARD)


def steward_departments(user):
    return departments_for_user(user, STEWARD)


def consumer_departments(user):
    return departments_for_user(user, CONSUMER_ROLES)


def consumers_for_user(user):
    """Systems of the departments where the user is a steward or a head (heads ask for their data)."""
    return Consumer.objects.filter(department__in=consumer_departments(user)).select_related("department")


def get_consumer_for_user(user, code):
    consumer = consumers_for_user(user).filter(code=code).first()
    if consumer is None:
        raise Http404
    return consumer


def incoming_requests(user):
    """Requests on resources the user's departments provide (to answer)."""
    return ShareRequest.objects.filter(resource__provider__in=steward_departments(user))


def outgoing_requests(user):
    return ShareRequest.objects.filter(consumer__department__in=consumer_departments(user))


def requests_for_user(user):
    if user_has_role(user, Role.SUPERVISOR):
        return ShareRequest.objects.all()
    return ShareRequest.objects.filter(
        Q(resource__provider__in=steward_departments(user))
        | Q(consumer__department__in=consumer_departments(user))
    )


def get_request_for_user(user, code):
    share = (
        requests_for_user(user)
        .filter(code=code)
        .select_related("resource__provider", "consumer__department", "clock", "requested_by", "answered_by")
        .first()
    )
    if share is None:
        raise Http404
    return share


def grants_for_user(user):
    return Grant.objects.filter(
        Q(resource__provider__in=steward_departments(user))
        | Q(consumer__department__in=consumer_departments(user))
    )


def get_grant_for_user(user, code):
    grant = grants_for_user(user).filter(code=code).select_related("resource__provider", "consumer").first()
    if grant is None:
        raise Http404
    return grant


def calls_for_user(user):
    """Calls on the user's departments' resources, or by their systems (stewards only)."""
    departments = steward_departments(user)
    return GatewayCall.objects.filter(
        Q(resource__provider__in=departments) | Q(consumer__department__in=departments)
    )
