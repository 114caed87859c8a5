"""How a department system proves who it is to the exchange gateway: keys and HMAC-SM3 signatures.

A key has a public id (`yk_...`) and a secret. The secret is not random and stored: it is derived
from a server master key and the key id,

    secret = HKDF-SM3(master, info="yiwang gateway key:" + key_id, 32 bytes), hex

so the server can recompute it to check a signature while keeping only its SM3 hash (to tell a
current key from a forged id). The master key is `YIWANG_GATEWAY_KEY` (64 hex characters), or,
when unset, derived from Django's `SECRET_KEY`; changing it invalidates every key.

A request carries

    Authorization: YW-HMAC-SM3 Credential=<key id>, Signature=<hex>
    X-Yiwang-Timestamp: <unix seconds>
    X-Yiwang-Nonce: <8–64 characters of [A-Za-z0-9_-], new for every request>

and the signature is HMAC-SM3 under the secret (its UTF-8 hex text as the key) of the five lines

    METHOD
    /path?query          (as sent, percent-encoded)
    SM3 of the body, hex (of the empty string for no body)
    timestamp
    nonce

joined by "\n". A timestamp more than `WINDOW` seconds away from the server's clock is stale; a
nonce already seen with the same key is a replay (nonces are kept until their window has passed).
"""

import datetime
import functools
import hmac as std_hmac
import re
import secrets
import time

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.pii import sm3_hex

SCHEME = "YW-HMAC-SM3"
WINDOW = 300  # seconds either side of the server's clock
KEY_ID_RE = re.compile(r"^yk_[0-9a-f]{24}$")
NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
AUTH_RE = re.compile(r"^YW-HMAC-SM3\s+Credential=([^,\s]{1,40}),\s*Signature=([0-9a-fA-F]{64})$")


class SignatureError(Exception):
    """A request whose signature cannot be accepted; `code` is stable, the message translated."""

    def __init__(self, code, message, status=401):
        super().__init__(str(message))
        self.code, self.message, self.status = code, message, status


def _master():
    return _master_of(getattr(settings, "YIWANG_GATEWAY_KEY", "") or "", settings.SECRET_KEY)


@functools.cache
def _master_of(configured, secret_key):
    if configured:
        try:
            master = bytes.fromhex(configured)
        except ValueError:
            master = b""
        if len(master) != 32:
            raise ImproperlyConfigured("YIWANG_GATEWAY_KEY must be 64 hexadecimal characters (32 bytes).")
        return master
    return HKDF(algorithm=hashes.SM3(), length=32, salt=None, info=b"yiwang gateway master").derive(
        secret_key.encode("utf-8")
    )


def new_key_id():
    return "yk_" + secrets.token_hex(12)


def secret_for(key_id):
    """The signing secret of a key id (hex text), as issued once and recomputed for every request."""
    derived = HKDF(
        algorithm=hashes.SM3(), length=32, salt=None, info=b"yiwang gateway key:" + key_id.encode("ascii")
    ).derive(_master())
    return derived.hex()


def secret_hash(secret):
    return sm3_hex(("gateway-secret:" + secret).encode("ascii"))


def string_to_sign(method, path_with_query, body, timestamp, nonce):
    return "\n".join((method.upper(), path_with_query, sm3_hex(body or b""), str(timestamp), nonce))


def sign(secret, method, path_with_query, body, timestamp, nonce):
    """The hex signature a client computes (and the server recomputes)."""
    mac = hmac.HMAC(secret.encode("ascii"), hashes.SM3())
    mac.update(string_to_sign(method, path_with_query, body, timestamp, nonce).encode("utf-8"))
    return mac.finalize().hex()


def signed_headers(key_id, secret, method, path_with_query, body=b"", *, timestamp=None, nonce=None):
    """The headers of a signed request (for clients written in Python, the tests and the bench)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    nonce = nonce or secrets.token_urlsafe(12)
    signature = sign(secret, method, path_with_query, body, timestamp, nonce)
    return {
        "Authorization": f"{SCHEME} Credential={key_id}, Signature={signature}",
        "X-Yiwang-Timestamp": str(timestamp),
        "X-Yiwang-Nonce": nonce,
    }


def verify_request(request):
    """The active `ConsumerKey` that signed `request`, or SignatureError. Records the nonce."""
    from yiwang.datahub.models import ConsumerKey, GatewayNonce

    header = request.headers.get("Authorization", "")
    if not header:
        raise SignatureError(
            "signature_missing", _("This request is not signed: send the Authorization header.")
        )
    match = AUTH_RE.match(header.strip())
    if match is None:
        raise SignatureError(
            "signature_malformed",
            _(
                "The Authorization header is not of the form "
                "'YW-HMAC-SM3 Credential=<key id>, Signature=<hex>'."
            ),
        )
    key_id, signature = match.group(1), match.group(2).lower()
    timestamp_text = request.headers.get("X-Yiwang-Timestamp", "")
    nonce = request.headers.get("X-Yiwang-Nonce", "")
    if not timestamp_text.isascii() or not timestamp_text.isdigit() or len(timestamp_text) > 12:
        raise SignatureError(
            "timestamp_invalid", _("X-Yiwang-Timestamp must be the time in whole Unix seconds.")
        )
    if not NONCE_RE.match(nonce):
        raise SignatureError(
            "nonce_invalid", _("X-Yiwang-Nonce must be 8 to 64 letters, digits, '-' or '_'.")
        )
    timestamp = int(timestamp_text)
    if abs(time.time() - timestamp) > WINDOW:
        raise SignatureError(
            "stale_request",
            _(
                "The request's timestamp is more than five minutes away from "
                "the server's clock: check the clock and sign again."
            ),
        )
    if not KEY_ID_RE.match(key_id):
        raise SignatureError("unknown_key", _("The key is unknown or revoked."))
    key = ConsumerKey.objects.select_related("consumer__department").filter(key_id=key_id).first()
    secret = secret_for(key_id)
    if (
        key is None
        or key.revoked_at is not None
        or not std_hmac.compare_digest(key.secret_hash, secret_hash(secret))
    ):
        raise SignatureError("unknown_key", _("The key is unknown or revoked."))
    if not key.consumer.is_active:
        raise SignatureError("consumer_inactive", _("This consumer system is suspended."), status=403)
    expected = sign(secret, request.method, request.get_full_path(), request.body, timestamp, nonce)
    if not std_hmac.compare_digest(expected, signature):
        raise SignatureError(
            "signature_invalid",
            _(
                "The signature does not match the request: sign the method, "
                "the path with its query, the SM3 of the body, the timestamp "
                "and the nonce."
            ),
        )
    try:
        with transaction.atomic():
            GatewayNonce.objects.create(
                key_id=key_id, nonce=nonce, expires_at=timezone.now() + datetime.timedelta(seconds=2 * WINDOW)
            )
    except IntegrityError:
        raise SignatureError(
            "replayed_request", _("This nonce was already used: a request is accepted once.")
        ) from None
    return key


def purge_nonces(now=None):
    """Forget nonces whose window has passed (their requests would be refused as stale)."""
    from yiwang.datahub.models import GatewayNonce

    return GatewayNonce.objects.filter(expires_at__lt=now or timezone.now()).delete()[0]
