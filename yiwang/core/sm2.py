"""SM2 signatures (GB/T 32918, DOMAIN.md §8): the platform's one signing key.

Signed tree heads of the ledger and electronic certificates are signed here, with SM3 as the digest
and the standard's default signer ID `1234567812345678` in Z. A signature is `r‖s`, 64 bytes, given
as 128 hexadecimal characters; a public key is the uncompressed point `x‖y`, 128 hexadecimal
characters (prefix it with `04` for the usual encoding).

The private key is `YIWANG_SM2_KEY` (64 hexadecimal characters); on the embedded default it is
generated once into `<YIWANG_VAR_DIR>/sm2.key`. `gmssl` does the curve arithmetic.
"""

import functools
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from gmssl import func
from gmssl import sm2 as _sm2

CURVE = _sm2.default_ecc_table
ORDER = int(CURVE["n"], 16)


def new_private_key():
    """A fresh private key, 64 hexadecimal characters."""
    return "%064x" % (secrets.randbelow(ORDER - 2) + 1)


@functools.cache
def _signer(private_hex):
    try:
        d = int(private_hex, 16)
    except ValueError:
        raise ImproperlyConfigured("YIWANG_SM2_KEY must be 64 hexadecimal characters.") from None
    if len(private_hex) != 64 or not 0 < d < ORDER - 1:
        raise ImproperlyConfigured("YIWANG_SM2_KEY must be 64 hexadecimal characters, a valid SM2 key.")
    public = _sm2.CryptSM2(private_key=private_hex, public_key="", mode=1)._kg(d, CURVE["g"])
    return _sm2.CryptSM2(private_key=private_hex, public_key=public, mode=1)


def _verifier(public_hex):
    return _sm2.CryptSM2(private_key=None, public_key=public_hex, mode=1)


def public_key():
    """The platform's public key, `x‖y` as 128 hexadecimal characters."""
    return _signer(settings.SM2_KEY).public_key


def key_id():
    """A short stable name of the public key: the first 16 hex characters of its SM3 digest."""
    from yiwang.core.pii import sm3_hex

    return sm3_hex(bytes.fromhex("04" + public_key()))[:16]


def sign(data):
    """SM2-with-SM3 signature of `data` (bytes) under the platform key, 128 hexadecimal characters."""
    signer = _signer(settings.SM2_KEY)
    return signer.sign_with_sm3(bytes(data), func.random_hex(signer.para_len))


def verify(data, signature, public=None):
    """True if `signature` (hex r‖s) is a valid SM2-with-SM3 signature of `data` under `public`
    (hex x‖y; the platform's own key by default). Malformed input is simply not valid."""
    public = public or public_key()
    if not (
        isinstance(signature, str)
        and len(signature) == 128
        and isinstance(public, str)
        and len(public) == 128
    ):
        return False
    try:
        int(signature, 16), int(public, 16)
        return bool(_verifier(public).verify_with_sm3(signature, bytes(data)))
    except (ValueError, TypeError, ZeroDivisionError):
        return False
