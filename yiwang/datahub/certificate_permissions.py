"""Who may see which certificate.

The holder sees their own certificates in the wallet (a person by their citizen ID's blind index; an
enterprise's agents the enterprise's); the issuing department's data steward, officers and head see
and revoke what it issued. Anyone else gets a 404, never a hint that the certificate exists. The
public verification page needs the identifier and the tag of the signature from the QR code.
"""

import uuid

from django.http import Http404

from yiwang.accounts.models import Person
from yiwang.accounts.permissions import enterprises_for_user
from yiwang.core.permissions import departments_for_user
from yiwang.datahub.certificate_actions import CERTIFICATE_ROLES
from yiwang.datahub.keys import enterprise_index
from yiwang.datahub.models import Certificate


def _code(value):
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        raise Http404 from None


def holder_indexes(user):
    """The subject indexes whose certificates `user` holds: their own and their enterprises'."""
    if not getattr(user, "is_authenticated", False):
        return []
    indexes = [enterprise_index(e.credit_code) for e in enterprises_for_user(user)]
    person = Person.objects.filter(user=user).only("id_number_index").first()
    if person is not None:
        indexes.insert(0, person.id_number_index)
    return indexes


def certificates_for_holder(user):
    indexes = holder_indexes(user)
    if not indexes:
        return Certificate.objects.none()
    return Certificate.objects.filter(holder_index__in=indexes).select_related("type", "issuer")


def get_certificate_for_holder(user, code):
    certificate = certificates_for_holder(user).filter(code=_code(code)).first()
    if certificate is None:
        raise Http404
    return certificate


def certificates_for_staff(user):
    """The certificates issued by the departments where the user is a steward, officer or head."""
    return Certificate.objects.filter(
        issuer__in=departments_for_user(user, CERTIFICATE_ROLES)
    ).select_related("type", "issuer")


def get_certificate_for_staff(user, code):
    certificate = certificates_for_staff(user).filter(code=_code(code)).first()
    if certificate is None:
        raise Http404
    return certificate
