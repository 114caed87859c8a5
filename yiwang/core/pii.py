"""Personal-information protection (DOMAIN.md §8): SM4 encryption at rest, SM3 blind index, masking.

- `EncryptedTextField` stores a value SM4-GCM encrypted (a fresh nonce per write; the field name is
  bound in as associated data so that a ciphertext cannot be moved to another column unnoticed).
- `blind_index(kind, value)` is HMAC-SM3 of the normalised value under a key of its own: an exact
  lookup ("find the person with this ID number") without storing the number in clear.
- `mask_*` give what staff and screens show by default (`5001**********123X`).
- `RedactingFilter` removes ID numbers, phone numbers and credit codes from log records.

Both keys derive from one master key, `YIWANG_PII_KEY` (32 bytes, hex), with HKDF-SM3.
"""

import base64
import functools
import logging
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

FORMAT_VERSION = "s1"  # SM4-GCM, 12-byte nonce, 16-byte tag; bump when the scheme changes


class DecryptionError(Exception):
    """A stored value could not be decrypted: wrong key or a changed ciphertext."""


@functools.cache
def _keys(master_hex):
    try:
        master = bytes.fromhex(master_hex)
    except ValueError:
        raise ImproperlyConfigured("YIWANG_PII_KEY must be 64 hexadecimal characters (32 bytes).") from None
    if len(master) != 32:
        raise ImproperlyConfigured("YIWANG_PII_KEY must be 64 hexadecimal characters (32 bytes).")

    def derive(label, length):
        return HKDF(algorithm=hashes.SM3(), length=length, salt=None, info=label).derive(master)

    return derive(b"yiwang sm4 field key", 16), derive(b"yiwang sm3 blind index key", 32)


def field_key():
    return _keys(settings.PII_KEY)[0]


def index_key():
    return _keys(settings.PII_KEY)[1]


def encrypt(plaintext, *, context=b""):
    """Encrypt text with SM4-GCM; `context` (e.g. the column name) must match on decryption."""
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(field_key()), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context)
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    return FORMAT_VERSION + ":" + base64.b64encode(nonce + body + encryptor.tag).decode("ascii")


def decrypt(token, *, context=b""):
    version, _, payload = token.partition(":")
    if version != FORMAT_VERSION:
        raise DecryptionError(f"unknown format {version!r}")
    try:
        raw = base64.b64decode(payload, validate=True)
    except ValueError:  # binascii.Error: a cut or changed token must not pass as another error
        raise DecryptionError("not base64") from None
    if len(raw) < 12 + 16:
        raise DecryptionError("too short")
    nonce, body, tag = raw[:12], raw[12:-16], raw[-16:]
    decryptor = Cipher(algorithms.SM4(field_key()), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context)
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag:
        raise DecryptionError("authentication failed") from None


def keyed_digest(label, data):
    """HMAC-SM3 of bytes under the blind-index key, hex: a fingerprint useless without the key."""
    mac = hmac.HMAC(index_key(), hashes.SM3())
    mac.update(label.encode("ascii") + b"\x00" + data)
    return mac.finalize().hex()


def blind_index(kind, value):
    """HMAC-SM3 of a normalised value, hex; `kind` separates, e.g., ID numbers from phone numbers."""
    normalised = "".join(str(value).split()).upper()
    return keyed_digest(kind, normalised.encode("utf-8"))


def sm3_hex(data):
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


class EncryptedTextField(models.TextField):
    """A text column stored SM4-encrypted; reads give the clear value, queries cannot filter on it.

    Pair it with a `blind index` column (`CharField(max_length=64)`) filled by the action that
    writes the value, when exact lookups are needed.
    """

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value, context=self._context())

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value, context=self._context())

    def _context(self):
        return f"{self.model._meta.label_lower}.{self.name}".encode("ascii")

    def get_lookup(self, lookup_name):
        # Ciphertexts differ on every write: only "is it set" can be asked of the column itself.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None


# Masking (脱敏) -------------------------------------------------------------------------------------


def mask_citizen_id(value):
    """`500103199001011234` → `5001**********1234`."""
    value = str(value or "")
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value):
    """`13812345678` → `138****5678`."""
    value = str(value or "")
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value):
    """`李伟` → `李*`, `欧阳娜娜` → `欧**娜`, `Wei Li` → `W*****`."""
    value = str(value or "")
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    if value.isascii():
        return value[0] + "*" * (len(value) - 1)
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_address(value):
    """Keep the first six characters (district and street), hide the rest."""
    value = str(value or "")
    return value[:6] + "*" * min(len(value) - 6, 8) if len(value) > 6 else value


# Logs -------------------------------------------------------------------------------------------

_CITIZEN_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
# A mobile number, also +86- or 0086-prefixed as SMS gateways log it (the prefix is kept in clear).
_PHONE = re.compile(r"(?<!\d)((?:\+|00)?86)?(1[3-9]\d{9})(?!\d)")


def redact(text):
    """Replace citizen ID and mobile numbers in free text by their masked forms."""
    text = _CITIZEN_ID.sub(lambda m: mask_citizen_id(m.group(0)), text)
    return _PHONE.sub(lambda m: (m.group(1) or "") + mask_phone(m.group(2)), text)


class RedactingFilter(logging.Filter):
    """Logging filter: personal identifiers never reach a log file in clear."""

    def filter(self, record):
        # A traceback carries the exception's message, which may quote a number: format it here,
        # redacted, so that the handler's formatter uses this text instead of formatting its own.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave the record to the handler's own error
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
