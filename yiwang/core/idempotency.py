"""Idempotency keys: a creating request retried with the same key is carried out once.

`run_once(scope, key, owner, fingerprint, create)` calls `create()` (which returns a status code
and a JSON-able response) inside one transaction with the key's row, so either both are stored or
neither. A retry gets the stored answer; the same key with a different request is a conflict.
"""

import datetime
import json
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yiwang.core.models import IdempotencyKey
from yiwang.core.pii import keyed_digest

KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")


class IdempotencyError(ValueError):
    """A missing, malformed or reused key; the message is translated."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


def check_key(key):
    if not key:
        raise IdempotencyError(
            _("This request needs an Idempotency-Key header (8 to 128 characters)."),
            "idempotency_key_missing",
        )
    if not KEY_RE.fullmatch(key):  # match() lets "$" accept a trailing newline
        raise IdempotencyError(
            _("The idempotency key must be 8 to 128 letters, digits or . _ : -"), "idempotency_key_invalid"
        )
    return key


def fingerprint(data):
    """Keyed HMAC-SM3 of the request's canonical JSON: what a retry must repeat exactly.

    Keyed, because requests hold personal data (name, ID number, phone): an unkeyed hash kept in
    the table would let anyone reading it test guesses."""
    return keyed_digest(
        "idempotency", json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    )


def run_once(scope, key, owner, request_hash, create):
    """Return (status, response, replayed)."""
    check_key(key)
    owner = str(owner or "")
    existing = IdempotencyKey.objects.filter(scope=scope, owner=owner, key=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                status, response = create()
                IdempotencyKey.objects.create(
                    scope=scope,
                    owner=owner,
                    key=key,
                    request_hash=request_hash,
                    status_code=status,
                    response=response,
                )
            return status, response, False
        except IntegrityError:
            existing = IdempotencyKey.objects.filter(scope=scope, owner=owner, key=key).first()
            if existing is None:
                raise
    if existing.request_hash != request_hash:
        raise IdempotencyError(
            _("This idempotency key was already used for a different request."), "idempotency_key_reused"
        )
    return existing.status_code, existing.response, True


def purge_expired_keys(now=None):
    """Delete keys older than YIWANG_IDEMPOTENCY_KEEP_HOURS; a retry after that is a new request."""
    from django.conf import settings
    from django.utils import timezone

    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.YIWANG_IDEMPOTENCY_KEEP_HOURS)
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
