"""Issuing from a finished case, revoking, expiry and importing certificates."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from conftest import _staff, department
from yiwang.cases.actions import do_accept_case, do_complete_step, do_finish_case
from yiwang.cases.models import Case
from yiwang.core.events import EventCode
from yiwang.core.identifiers import make_citizen_id, make_credit_code
from yiwang.core.models import Event
from yiwang.datahub.certificate_actions import (
    do_import_certificates,
    do_issue_certificate,
    do_revoke_certificate,
)
from yiwang.datahub.certificate_ids import parse_identifier
from yiwang.datahub.certificates import signature_is_valid
from yiwang.datahub.keys import person_index
from yiwang.datahub.models import Certificate
from yiwang.datahub.tests.cert_factories import cert_type, finish_approved
from yiwang.notify.models import Notification

LI_WEI_ID = make_citizen_id("50010319880314231")


@pytest.fixture
def licence_type(sole_trader_item):
    return cert_type(
        code="21110", name="个体工商户营业执照", issuer="04", years=None, items=[sole_trader_item]
    )


def test_an_approved_finished_case_issues_its_certificate(
    calendar, submitted_case, officer, head, licence_type
):
    case = finish_approved(submitted_case, officer, head)
    certificate = Certificate.objects.get(case=case)
    assert certificate.type == licence_type and certificate.origin == Certificate.CASE
    assert certificate.holder_index == person_index(LI_WEI_ID) and certificate.holder_id == LI_WEI_ID
    assert certificate.issuer == department("04") and certificate.trust_level == Certificate.TRUST_A
    assert parse_identifier(certificate.identifier).serial == certificate.serial == 1
    assert certificate.content["办件编号"] == case.number and certificate.valid_to is None
    assert signature_is_valid(certificate) and certificate.is_usable()
    assert Event.objects.filter(code=EventCode.CERTIFICATE_ISSUED, object_id=str(certificate.pk)).exists()
    message = Notification.objects.get(object_type="datahub.certificate", object_id=str(certificate.pk))
    assert message.recipient == case.owner and str(certificate.code) in message.link


def test_a_denied_case_issues_nothing(calendar, submitted_case, officer, head, licence_type):
    do_accept_case(submitted_case, actor=officer)
    do_complete_step(submitted_case, actor=officer, opinion="审查意见")
    do_complete_step(submitted_case, actor=head, opinion="经营场所不符合规定。", decision=Case.DENY)
    do_finish_case(submitted_case, actor=head)
    assert not Certificate.objects.exists()


def test_an_item_that_produces_no_certificate_issues_none(calendar, submitted_case, officer, head):
    cert_type(code="21110", name="个体工商户营业执照", issuer="04", years=None)  # not linked to the item
    finish_approved(submitted_case, officer, head)
    assert not Certificate.objects.exists()


def test_serials_follow_each_other_and_identifiers_differ(li_wei, wang_fang, district):
    kind = cert_type()
    first = do_issue_certificate(kind, holder=li_wei.person, origin=Certificate.IMPORT)
    second = do_issue_certificate(kind, holder=wang_fang.person, origin=Certificate.IMPORT)
    assert (first.serial, second.serial) == (1, 2) and first.identifier != second.identifier


def test_a_person_type_is_not_issued_to_an_enterprise(li_wei, district):
    from yiwang.accounts.actions import do_register_enterprise

    company = do_register_enterprise(
        user=li_wei,
        name="测试公司",
        credit_code=make_credit_code("91500103MA5U7Y3K2"),
        legal_representative="李伟",
    )
    with pytest.raises(ValidationError):
        do_issue_certificate(cert_type(), holder=company, origin=Certificate.IMPORT)


def test_the_issuing_departments_steward_revokes_with_a_reason(li_wei, district):
    steward = _staff("police_steward", "周警", department("03"), "data_steward")
    certificate = do_issue_certificate(cert_type(), holder=li_wei.person, origin=Certificate.IMPORT)
    with pytest.raises(ValidationError):
        do_revoke_certificate(certificate, actor=steward, reason="  ")
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.VALID
    do_revoke_certificate(certificate, actor=steward, reason="证件遗失，申请作废。")
    certificate.refresh_from_db()
    assert certificate.state() == Certificate.REVOKED and certificate.revoked_by == steward
    assert signature_is_valid(certificate)  # the status is not signed; the signed data is unchanged
    with pytest.raises(ValidationError):
        do_revoke_certificate(certificate, actor=steward, reason="再次")


def test_another_departments_staff_cannot_revoke(li_wei, officer, other_officer, steward, district):
    certificate = do_issue_certificate(cert_type(), holder=li_wei.person, origin=Certificate.IMPORT)
    for outsider in (officer, other_officer, steward, li_wei):  # 04, 05, the big-data bureau, the holder
        with pytest.raises(PermissionDenied):
            do_revoke_certificate(certificate, actor=outsider, reason="无权")
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.VALID


def test_a_certificate_expires_by_its_date(li_wei, district):
    certificate = do_issue_certificate(
        cert_type(years=1),
        holder=li_wei.person,
        issued_on=datetime.date(2020, 3, 1),
        origin=Certificate.IMPORT,
    )
    assert certificate.valid_to == datetime.date(2021, 2, 28)
    assert certificate.state(today=datetime.date(2021, 2, 28)) == Certificate.VALID
    assert certificate.state(today=datetime.date(2021, 3, 1)) == Certificate.EXPIRED
    assert not certificate.is_usable()


def _row(**overrides):
    row = {
        "type_code": "11100",
        "number": "500103201801",
        "holder_name": "李伟",
        "holder_id": LI_WEI_ID,
        "issued_on": "2018-05-10",
        "valid_to": "",
        "trust_level": "B",
        "content": "",
    }
    row.update(overrides)
    return row


def test_import_writes_every_row_signed(district):
    cert_type()
    certificates, errors = do_import_certificates(
        [_row(), _row(number="2", holder_id="11010519491231002X")], actor=None
    )
    assert errors == [] and len(certificates) == 2
    assert all(signature_is_valid(c) and c.origin == Certificate.IMPORT for c in certificates)
    assert certificates[0].valid_to == datetime.date(2038, 5, 9) and certificates[0].trust_level == "B"


def test_import_with_one_bad_row_writes_nothing_and_names_each_problem(district):
    cert_type()
    rows = [
        _row(),
        _row(number="2", holder_id=LI_WEI_ID[:-1] + ("0" if LI_WEI_ID[-1] != "0" else "1")),
        _row(number="3", issued_on="2018-02-30", trust_level="E"),
        _row(type_code="99999", number="4"),
        _row(number="500103201801"),
        "not a row",
        _row(number="5", content="{not json"),
    ]
    certificates, errors = do_import_certificates(rows, actor=None)
    assert certificates == [] and not Certificate.objects.exists()
    found = {(e["row"], e["column"]) for e in errors}
    assert {
        (2, "holder_id"),
        (3, "issued_on"),
        (3, "trust_level"),
        (4, "type_code"),
        (5, "number"),
        (6, "row"),
        (7, "content"),
    } <= found


def test_import_refuses_types_of_other_departments(officer, district):
    cert_type()  # issued by 公安分局; the officer is of 市场监管局
    _certificates, errors = do_import_certificates([_row()], actor=officer)
    assert errors[0]["column"] == "type_code" and not Certificate.objects.exists()


def test_the_import_command(district, tmp_path):
    cert_type()
    good = tmp_path / "certificates.json"
    good.write_text(json.dumps([_row()], ensure_ascii=False))
    out = io.StringIO()
    call_command("certificates", "import", str(good), stdout=out)
    assert Certificate.objects.count() == 1 and "1.2.156.3005.2.11100." in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("type_code,number,holder_name,holder_id,issued_on\n11100,9,李伟,123,2018-01-01\n")
    with pytest.raises(CommandError):
        call_command("certificates", "import", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    for name, content in [("x.txt", "a"), ("broken.json", "{"), ("broken.xlsx", "not a workbook")]:
        path = tmp_path / name
        path.write_text(content)
        with pytest.raises(CommandError):
            call_command("certificates", "import", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("certificates", "import", str(tmp_path / "missing.csv"), stdout=io.StringIO())
    assert Certificate.objects.count() == 1
