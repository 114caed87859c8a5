"""The SM2 signature over a certificate's canonical data: valid, altered, another key."""

import datetime
import json

from django.test import override_settings

from conftest import department
from yiwang.core import sm2
from yiwang.datahub.certificate_actions import do_issue_certificate
from yiwang.datahub.certificates import canonical_bytes, signature_is_valid, signed_data, signed_document
from yiwang.datahub.models import Certificate
from yiwang.datahub.tests.cert_factories import cert_type


def _certificate(li_wei):
    return do_issue_certificate(
        cert_type(), holder=li_wei.person, issued_on=datetime.date(2020, 1, 2), origin=Certificate.IMPORT
    )


def test_an_issued_certificate_carries_a_valid_signature(li_wei, district):
    certificate = Certificate.objects.get(pk=_certificate(li_wei).pk)  # as read back from the database
    assert len(certificate.signature) == 128 and certificate.key_id == sm2.key_id()
    assert signature_is_valid(certificate)
    assert sm2.verify(canonical_bytes(signed_data(certificate)), certificate.signature)


def test_the_signed_data_is_canonical_json_of_the_section_6_fields(li_wei, district):
    certificate = _certificate(li_wei)
    data = signed_data(certificate)
    assert set(data) >= {
        "identifier",
        "name",
        "number",
        "issuer",
        "issuer_credit_code",
        "issued_on",
        "holder",
        "holder_id_type",
        "holder_id",
        "valid_from",
        "valid_to",
        "signer",
        "signed_at",
    }
    assert data["issued_on"] == "2020-01-02" and data["valid_to"] == "2040-01-01"
    assert (
        canonical_bytes(data)
        == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    )


def test_any_altered_field_breaks_the_signature(li_wei, district):
    certificate = _certificate(li_wei)
    for field, value in [
        ("holder_name", "王芳"),
        ("valid_to", datetime.date(2099, 1, 1)),
        ("number", "X1"),
        ("trust_level", "D"),
        ("content", {"经营范围": "全部"}),
        ("issuer_name", "别的机关"),
    ]:
        altered = Certificate.objects.get(pk=certificate.pk)
        setattr(altered, field, value)
        assert not signature_is_valid(altered), field


def test_a_signature_by_another_key_does_not_verify(li_wei, district):
    certificate = _certificate(li_wei)
    data = canonical_bytes(signed_data(certificate))
    other = sm2.new_private_key()
    with override_settings(SM2_KEY=other):
        forged = sm2.sign(data)
        other_public = sm2.public_key()
    assert not sm2.verify(data, forged)  # not under the platform's key
    assert sm2.verify(data, forged, other_public)
    assert not signature_is_valid(certificate, public=other_public)


def test_the_holders_download_checks_offline(li_wei, district):
    document = signed_document(_certificate(li_wei))
    assert document["algorithm"] == "SM2-with-SM3" and document["public_key"].startswith("04")
    payload = json.dumps(document["data"], ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert sm2.verify(payload, document["signature"], document["public_key"][2:])
    assert department("03").name == document["data"]["issuer"]


def test_after_a_key_rotation_a_certificate_verifies_under_the_key_that_signed_it(li_wei, district, settings):
    certificate = _certificate(li_wei)
    old_public, old_id = sm2.public_key(), sm2.key_id()
    settings.SM2_KEY = sm2.new_private_key()
    settings.SM2_OLD_KEYS = [old_public]
    assert certificate.key_id == old_id != sm2.key_id()
    assert signature_is_valid(certificate)
    document = signed_document(certificate)
    assert document["key_id"] == old_id and document["public_key"] == "04" + old_public
    settings.SM2_OLD_KEYS = []  # the old key forgotten: nothing vouches for the certificate any more
    assert not signature_is_valid(certificate)
    renewed = do_issue_certificate(
        certificate.type, holder=li_wei.person, issued_on=datetime.date(2021, 1, 2), origin=Certificate.IMPORT
    )
    assert renewed.key_id == sm2.key_id() and signature_is_valid(renewed)
