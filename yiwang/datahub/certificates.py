"""The signed data of an electronic certificate: its canonical serialisation, signature and checks.

The signature is SM2 with SM3 (`yiwang.core.sm2`) over the UTF-8 bytes of the canonical JSON of
`signed_data(certificate)`: keys sorted, no spaces, non-ASCII characters as themselves, dates as
YYYY-MM-DD, the signing time as an ISO 8601 UTC instant with seconds. The status is not signed: a
revocation or an expiry is read from the platform (the verification page) or from the validity
dates, never by changing what was signed. docs/certificates.md shows how to check a signature
offline with the holder's downloaded JSON and the platform's public key.
"""

import datetime
import hmac
import json

from django.utils import timezone

from yiwang.core import sm2

SIGNATURE_ALGORITHM = "SM2-with-SM3"
VERIFY_TAG_LENGTH = 32  # hex characters of the signature carried in the QR code's URL


def _day(value):
    return value.isoformat() if value else ""


def signed_data(certificate):
    """The certificate fields that are signed, as a plain dict (DOMAIN.md §6)."""
    signed_at = certificate.signed_at.astimezone(datetime.UTC).replace(microsecond=0)
    return {
        "identifier": certificate.identifier,
        "type_code": certificate.type.code,
        "name": certificate.name,
        "number": certificate.number,
        "issuer": certificate.issuer_name,
        "issuer_credit_code": certificate.issuer_credit_code,
        "issued_on": _day(certificate.issued_on),
        "holder": certificate.holder_name,
        "holder_id_type": certificate.holder_id_type,
        "holder_id": certificate.holder_id,
        "valid_from": _day(certificate.valid_from),
        "valid_to": _day(certificate.valid_to),
        "trust_level": certificate.trust_level,
        "content": certificate.content or {},
        "signer": certificate.signer,
        "signed_at": signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def canonical_bytes(data):
    """The bytes that are signed: canonical JSON of `data` in UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign_certificate(certificate):
    """Set the signing time, key and SM2 signature of an unsaved or changed certificate."""
    certificate.signed_at = timezone.now().replace(microsecond=0)
    certificate.key_id = sm2.key_id()
    certificate.signature = sm2.sign(canonical_bytes(signed_data(certificate)))
    return certificate


def signing_public_key(certificate):
    """The public key (x‖y) of the key that signed the certificate — the platform's current one or an
    earlier one kept in YIWANG_SM2_OLD_KEYS — or None for a key the platform does not know."""
    return sm2.public_key_for(certificate.key_id)


def signature_is_valid(certificate, public=None):
    """Whether the stored signature matches the certificate's data under the key that signed it (or
    `public`)."""
    public = public or signing_public_key(certificate)
    if public is None:
        return False
    return sm2.verify(canonical_bytes(signed_data(certificate)), certificate.signature, public)


def signed_document(certificate):
    """What the holder downloads to check the certificate offline: the data, the signature, the key."""
    return {
        "data": signed_data(certificate),
        "algorithm": SIGNATURE_ALGORITHM,
        "signature": certificate.signature,
        "key_id": certificate.key_id,
        "public_key": "04" + (signing_public_key(certificate) or sm2.public_key()),
    }


def verify_tag(certificate):
    """The part of the signature the QR code's URL carries: without it the page says nothing, so
    identifiers (which are partly sequential) cannot be walked."""
    return certificate.signature[:VERIFY_TAG_LENGTH]


def tag_matches(certificate, tag):
    return isinstance(tag, str) and hmac.compare_digest(verify_tag(certificate), tag.strip().lower()[:64])
