"""The public verification page, the holder's wallet and the staff certificate pages, with outsiders."""

import datetime

import hypothesis
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from conftest import _staff, department, login
from yiwang.accounts.actions import do_register_enterprise
from yiwang.core import sm2
from yiwang.core.identifiers import make_citizen_id, make_credit_code
from yiwang.datahub.certificate_actions import do_issue_certificate, do_revoke_certificate
from yiwang.datahub.certificates import canonical_bytes, verify_tag
from yiwang.datahub.models import Certificate, DataUse
from yiwang.datahub.tests.cert_factories import cert_type

LI_WEI_ID = make_citizen_id("50010319880314231")


@pytest.fixture
def id_card(li_wei, district):
    return do_issue_certificate(
        cert_type(), holder=li_wei.person, issued_on=datetime.date(2018, 5, 10), origin=Certificate.IMPORT
    )


@pytest.fixture
def police_steward(district):
    return _staff("police_steward", "周警", department("03"), "data_steward")


def _verify(client, certificate, tag=None):
    return client.get(
        f"/certificates/verify/{certificate.identifier}/",
        {"sig": verify_tag(certificate) if tag is None else tag},
    )


# Public verification ------------------------------------------------------------------------------


def test_the_qr_link_shows_a_genuine_valid_certificate_without_personal_data(client, id_card):
    response = _verify(client, id_card)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="signature-result"' in page
    assert "SM2 签名有效" in page or "SM2 signature valid" in page
    assert "李*" in page and "李伟" not in page
    assert LI_WEI_ID not in page and LI_WEI_ID[4:14] not in page and "5001**********" in page


def test_the_check_is_recorded_as_a_use_of_the_holders_data(english, id_card, li_wei):
    _verify(english, id_card)
    use = DataUse.objects.get(kind=DataUse.CERTIFICATE)
    assert use.subject_index == id_card.holder_index and use.subject_id == li_wei.person.pk
    assert use.detail == {"certificate": id_card.identifier} and use.purpose == "公开核验"


@pytest.mark.parametrize("tag", ["", "0" * 32, "nonsense", "'; drop table"])
def test_without_the_right_verification_code_nothing_is_shown(client, id_card, tag):
    response = _verify(client, id_card, tag)
    assert response.status_code == 404
    assert id_card.number not in response.content.decode() and not DataUse.objects.exists()


@pytest.mark.parametrize("identifier", ["nonsense", "1.2.156.3005.2.11100.x.y.z.w", "%00", "1" * 300])
def test_a_malformed_identifier_gets_a_clear_error(client, db, identifier):
    response = client.get(f"/certificates/verify/{identifier}/", {"sig": "ab"})
    assert response.status_code == 400 and 'id="verify-error"' in response.content.decode()


def test_a_well_formed_unknown_identifier_is_not_found(client, id_card):
    other = id_card.identifier.replace(".0000000001.", ".0000000002.")
    from yiwang.datahub.certificate_ids import PREFIX, check_character

    body = other[len(PREFIX) + 1 : -2].replace(".", "")
    response = client.get(f"/certificates/verify/{other[:-1]}{check_character(body)}/", {"sig": "a" * 32})
    assert response.status_code == 404


def test_revoked_and_expired_certificates_say_so(client, id_card, police_steward, li_wei):
    do_revoke_certificate(id_card, actor=police_steward, reason="遗失作废")
    page = _verify(client, id_card).content.decode()
    assert "已被注销" in page or "revoked" in page
    old = do_issue_certificate(
        cert_type(code="11300", name="居住证", years=1),
        holder=li_wei.person,
        issued_on=datetime.date(2020, 1, 1),
        origin=Certificate.IMPORT,
    )
    page = _verify(client, old).content.decode()
    assert old.state() == Certificate.EXPIRED and ("已过期" in page or "expired" in page)


def test_the_verify_form_leads_to_the_page(client, id_card):
    response = client.get(
        "/certificates/verify/", {"identifier": id_card.identifier, "sig": verify_tag(id_card)}
    )
    assert response.status_code == 302 and response.url.startswith(
        f"/certificates/verify/{id_card.identifier}/"
    )
    assert client.get("/certificates/verify/").status_code == 200


@pytest.mark.parametrize("identifier", ["a/b", "/", "../../admin", "1.2.156.3005.2/x", "a?b#c", "%2F", "\\"])
def test_the_verify_form_refuses_a_malformed_identifier_with_the_page(client, identifier):
    response = client.get("/certificates/verify/", {"identifier": identifier, "sig": "x&y=1"})

    assert response.status_code == 400
    assert response.context["error"]
    assert 'id="verify-error"' in response.content.decode()


@hypothesis.settings(
    max_examples=150, deadline=None, suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture]
)
@hypothesis.given(identifier=st.text(max_size=120), sig=st.text(max_size=80))
def test_no_identifier_or_code_typed_into_the_verify_form_breaks_it(client, db, identifier, sig):
    response = client.get("/certificates/verify/", {"identifier": identifier, "sig": sig}, follow=True)

    assert response.status_code in (200, 400, 404)
    if identifier.strip() and response.status_code != 200:
        assert response.context["error"]


# The wallet -------------------------------------------------------------------------------------------


def test_the_holder_sees_and_downloads_their_certificate(client, id_card, li_wei):
    login(client, li_wei)
    assert id_card.number in client.get("/me/certificates/").content.decode()
    assert "/me/certificates/" in client.get("/me/").content.decode()
    detail = client.get(f"/me/certificates/{id_card.code}/")
    assert detail.status_code == 200 and verify_tag(id_card) in detail.content.decode()
    pdf = client.get(f"/me/certificates/{id_card.code}/certificate.pdf")
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF-")
    )
    signed = client.get(f"/me/certificates/{id_card.code}/signed.json").json()
    assert signed["data"]["holder_id"] == LI_WEI_ID
    assert sm2.verify(canonical_bytes(signed["data"]), signed["signature"], signed["public_key"][2:])


def test_an_enterprises_agents_see_its_certificates(client, li_wei, wang_fang, district):
    company = do_register_enterprise(
        user=li_wei,
        name="重庆渝中山城小面餐饮有限公司",
        credit_code=make_credit_code("91500103MA5U7Y3K2"),
        legal_representative="李伟",
    )
    licence = do_issue_certificate(
        cert_type(code="21100", name="营业执照", issuer="04", holder_kind="enterprise", years=None),
        holder=company,
        origin=Certificate.IMPORT,
    )
    login(client, li_wei)
    assert client.get(f"/me/certificates/{licence.code}/").status_code == 200
    login(client, wang_fang)
    assert client.get(f"/me/certificates/{licence.code}/").status_code == 404


def test_outsiders_see_nothing_of_a_wallet(client, id_card, wang_fang, officer):
    paths = [
        f"/me/certificates/{id_card.code}/",
        f"/me/certificates/{id_card.code}/certificate.pdf",
        f"/me/certificates/{id_card.code}/signed.json",
    ]
    for path in ["/me/certificates/", *paths]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    for outsider in (wang_fang, officer):
        login(client, outsider)
        assert id_card.number not in client.get("/me/certificates/").content.decode()
        for path in [
            *paths,
            "/me/certificates/nonsense/",
            "/me/certificates/00000000-0000-0000-0000-000000000000/",
        ]:
            assert client.get(path).status_code == 404


# Staff pages ------------------------------------------------------------------------------------------


def test_the_issuing_department_lists_and_revokes(client, id_card, police_steward):
    login(client, police_steward)
    assert id_card.number in client.get("/staff/certificates/").content.decode()
    assert (
        id_card.number in client.get("/staff/certificates/", {"q": id_card.identifier[-8:]}).content.decode()
    )
    assert client.get(f"/staff/certificates/{id_card.code}/").status_code == 200
    refused = client.post(f"/staff/certificates/{id_card.code}/revoke/", {"reason": ""})
    assert refused.status_code == 400 and Certificate.objects.get(pk=id_card.pk).status == Certificate.VALID
    response = client.post(f"/staff/certificates/{id_card.code}/revoke/", {"reason": "证件遗失，申请作废。"})
    assert (
        response.status_code == 302 and Certificate.objects.get(pk=id_card.pk).status == Certificate.REVOKED
    )
    again = client.post(f"/staff/certificates/{id_card.code}/revoke/", {"reason": "再次"})
    assert again.status_code == 400


def test_outsiders_cannot_reach_staff_certificate_pages(client, id_card, li_wei, officer, steward):
    pages = [
        "/staff/certificates/",
        f"/staff/certificates/{id_card.code}/",
        "/staff/certificates/import/",
        "/staff/certificates/reduction/",
    ]
    for path in pages:
        assert client.get(path).status_code == 302
    assert client.post(f"/staff/certificates/{id_card.code}/revoke/", {"reason": "x"}).status_code == 302
    login(client, li_wei)
    for path in pages:
        assert client.get(path).status_code == 404
    for outsider in (officer, steward):  # other departments' staff
        login(client, outsider)
        assert id_card.number not in client.get("/staff/certificates/").content.decode()
        assert client.get(f"/staff/certificates/{id_card.code}/").status_code == 404
        assert client.post(f"/staff/certificates/{id_card.code}/revoke/", {"reason": "x"}).status_code == 404
    assert Certificate.objects.get(pk=id_card.pk).status == Certificate.VALID


def _csv(text, name="certificates.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_import_page(client, police_steward, district):
    cert_type()
    login(client, police_steward)
    assert client.get("/staff/certificates/import/").status_code == 200
    header = "type_code,number,holder_name,holder_id,issued_on,valid_to,trust_level,content\n"
    bad = client.post(
        "/staff/certificates/import/", {"file": _csv(header + "11100,1,李伟,12345,2018-05-10,,A,\n")}
    )
    assert bad.status_code == 400 and 'id="row-errors"' in bad.content.decode()
    assert client.post("/staff/certificates/import/", {}).status_code == 400
    assert client.post("/staff/certificates/import/", {"file": _csv("x", "a.exe")}).status_code == 400
    assert client.post("/staff/certificates/import/", {"file": _csv("{", "a.json")}).status_code == 400
    assert not Certificate.objects.exists()
    good = client.post(
        "/staff/certificates/import/", {"file": _csv(header + f"11100,1,李伟,{LI_WEI_ID},2018-05-10,,A,\n")}
    )
    assert good.status_code == 302 and Certificate.objects.count() == 1


def test_the_reduction_page_is_for_staff(client, officer, district):
    login(client, officer)
    response = client.get("/staff/certificates/reduction/")
    assert response.status_code == 200 and 'id="overall-rate"' in response.content.decode()
