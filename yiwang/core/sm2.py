"""SM2 signatures (GB/T 32918, DOMAIN.md §8): the platform's one signing key, and the keys it had before.

Signed tree heads of the ledger and electronic certificates are signed here, with SM3 as the digest
and the standard's default signer ID `1234567812345678` in Z. A signature is `r‖s`, 64 bytes, given
as 128 hexadecimal characters; a public key is the uncompressed point `x‖y`, 128 hexadecimal
characters (prefix it with `04` for the usual encoding).

The private key is `YIWANG_SM2_KEY` (64 hexadecimal characters); on the embedded default `yiwang init`
(or `yiwang demo`) generates it once into `<YIWANG_VAR_DIR>/sm2.key`. Public keys of earlier signing
keys stay valid for verification when listed in `YIWANG_SM2_OLD_KEYS` (docs/security.md, "Rotating the
SM2 key"); what was signed records the `key_id` of the key that signed it.

`gmalglib` (C) does the curve arithmetic. The nonce k of every signature comes from `secrets` (the
operating system's CSPRNG): like ECDSA, SM2 gives the private key away to anyone who can predict k.
"""

import functools
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from gmalglib.sm2 import SM2, SM2_PARAMS_N

ORDER = int.from_bytes(SM2_PARAMS_N, "big")
SIGNER_ID = b"1234567812345678"


def new_private_key():
    """A fresh private key, 64 hexadecimal characters (1 ≤ d ≤ n − 2, GB/T 32918.1 §6.1)."""
    return "%064x" % (secrets.randbelow(ORDER - 2) + 1)


def _nonce(length):
    """`length` bytes from the CSPRNG for the nonce k (gmalglib draws again until 1 ≤ k ≤ n − 1)."""
    return secrets.token_bytes(length)


@dataclass(frozen=True)
class _Signer:
    public: str  # x‖y, hex
    engine: SM2


@functools.cache
def _signer(private_hex):
    message = "YIWANG_SM2_KEY must be 64 hexadecimal characters, a valid SM2 private key."
    if not private_hex:
        raise ImproperlyConfigured(
            "YIWANG_SM2_KEY is not set: production must be given its key (docs/operations.md); "
            "on the embedded default run `yiwang init` once."
        )
    if not isinstance(private_hex, str) or len(private_hex) != 64:
        raise ImproperlyConfigured(message)
    try:
        d = int(private_hex, 16)
    except ValueError:
        raise ImproperlyConfigured(message) from None
    if not 0 < d < ORDER - 1:
        raise ImproperlyConfigured(message)
    # The nonce source is looked up at each signature, so that the standard's example k can be put in
    # its place by the tests of GB/T 32918.2's vectors.
    engine = SM2(bytes.fromhex(private_hex), uid=SIGNER_ID, rnd_fn=lambda n: _nonce(n))
    return _Signer(public=SM2.get_pk(bytes.fromhex(private_hex))[1:].hex(), engine=engine)


@functools.lru_cache(maxsize=64)
def _verifier(public_hex):
    """A verifier of `public_hex` (x‖y), or None when it is not a point of the curve."""
    try:
        return SM2(pk=bytes.fromhex("04" + public_hex), uid=SIGNER_ID)
    except ValueError:
        return None


def _public_hex(value):
    """`value` (hex x‖y or 04‖x‖y) as lower-case x‖y, or None if it is not a public key of the curve."""
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    if len(value) == 130 and value.startswith("04"):
        value = value[2:]
    if len(value) != 128:
        return None
    try:
        int(value, 16)
    except ValueError:
        return None
    return value if _verifier(value) is not None else None


def public_key():
    """The platform's public key, `x‖y` as 128 hexadecimal characters."""
    return _signer(settings.SM2_KEY).public


def key_id(public=None):
    """A short stable name of a public key (the platform's by default): the first 16 hex characters
    of the SM3 digest of `04‖x‖y`."""
    from yiwang.core.pii import sm3_hex

    return sm3_hex(bytes.fromhex("04" + (public or public_key())))[:16]


def old_public_keys():
    """The public keys (x‖y) of earlier signing keys, from `YIWANG_SM2_OLD_KEYS`."""
    keys = []
    for value in getattr(settings, "SM2_OLD_KEYS", ()):
        public = _public_hex(value)
        if public is None:
            raise ImproperlyConfigured(
                "YIWANG_SM2_OLD_KEYS must list public keys (128 or 130 hexadecimal characters, x‖y or "
                f"04‖x‖y) of the SM2 curve, separated by commas; {value[:20]!r}… is not one."
            )
        keys.append(public)
    return keys


def verification_keys():
    """Every key a stored signature may verify under, {key_id: public x‖y}: the current key first."""
    keys = {key_id(): public_key()}
    for public in old_public_keys():
        keys.setdefault(key_id(public), public)
    return keys


def public_key_for(signing_key_id):
    """The public key (x‖y) named by `signing_key_id`, current or old; None for a key this platform does
    not know."""
    return verification_keys().get(signing_key_id)


def sign(data):
    """SM2-with-SM3 signature of `data` (bytes) under the platform key, 128 hexadecimal characters."""
    engine = _signer(settings.SM2_KEY).engine
    while True:
        signature = engine.sign(bytes(data))
        # gmalglib's retry on r = 0, r + k = n or s = 0 (probability about 2⁻²⁵⁶) leaves its loop
        # instead of drawing again: refuse such a signature here and sign once more.
        if int.from_bytes(signature[:32], "big") and int.from_bytes(signature[32:], "big"):
            return signature.hex()


def verify(data, signature, public=None):
    """True if `signature` (hex r‖s) is a valid SM2-with-SM3 signature of `data` under `public`
    (hex x‖y; the platform's own key by default). Malformed input is simply not valid."""
    public = _public_hex(public_key() if public is None else public)
    if public is None or not isinstance(signature, str) or len(signature) != 128:
        return False
    try:
        raw = bytes.fromhex(signature)
        return bool(_verifier(public).verify(bytes(data), raw))
    except (ValueError, TypeError):
        return False
