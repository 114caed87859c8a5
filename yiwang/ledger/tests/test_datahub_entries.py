"""The data hub's uses of personal data and its decisions reach the ledger: a 数据跑路 fetch for an
application, a certificate issued and revoked, a share granted and revoked — each as an entry in
the same transaction, listed to the person under "who used my data"."""

import datetime

from conftest import _staff, department, login
from yiwang.cases.actions import do_apply
from yiwang.datahub.certificate_actions import do_issue_certificate, do_revoke_certificate
from yiwang.datahub.models import Certificate, CertificateType, DataUse
from yiwang.datahub.sharing import do_request_share, do_revoke_grant
from yiwang.datahub.tests import share_factories
from yiwang.ledger.models import Entry, EntryKind
from yiwang.testing.datahub import ANSWERS


def test_a_fetch_for_an_application_is_a_ledger_entry_about_the_applicant(li_wei_held, pension):
    case = do_apply(
        pension, applicant=li_wei_held.person, owner=li_wei_held, actor=li_wei_held, answers=ANSWERS
    )
    uses = DataUse.objects.filter(case=case)
    entries = Entry.objects.filter(kind=EntryKind.DATA_FETCHED, subject=li_wei_held.person)
    assert uses.count() == entries.count() >= 3
    assert {entry.purpose for entry in entries} == {use.purpose for use in uses}
    assert all(entry.object_ref.startswith("datahub.datause:") for entry in entries)


def test_the_person_sees_the_fetches_under_who_used_my_data(client, li_wei_held, pension):
    case = do_apply(
        pension, applicant=li_wei_held.person, owner=li_wei_held, actor=li_wei_held, answers=ANSWERS
    )
    login(client, li_wei_held)
    page = client.get("/me/data-uses/").content.decode()
    assert case.number in page


def test_issuing_and_revoking_a_certificate_are_recorded_against_the_holder(li_wei, hub, district):
    certificate = do_issue_certificate(
        CertificateType.objects.get(name="居民身份证"),
        holder=li_wei.person,
        issued_on=datetime.date(2020, 1, 2),
        origin=Certificate.DEMO,
    )
    officer = _staff("cert_officer", "周敏", certificate.issuer, "officer")
    do_revoke_certificate(certificate, reason="证件遗失补办", actor=officer)
    kinds = list(Entry.objects.filter(subject=li_wei.person).order_by("id").values_list("kind", flat=True))
    assert kinds == [EntryKind.CERTIFICATE_ISSUED, EntryKind.CERTIFICATE_REVOKED]


def test_a_share_granted_and_revoked_is_recorded_with_its_grant(district):
    steward = share_factories.steward_of(department("04"), "steward4")
    air = share_factories.air_quality(department("04"))
    consumer = share_factories.consumer_of(
        department("05"), share_factories.steward_of(department("05"), "steward5")
    )
    grant = do_request_share(
        consumer, air, purpose="环境监测", fields=["station", "aqi"], duration_days=30, actor=steward
    ).grant
    do_revoke_grant(grant, reason="系统下线", actor=steward)
    entries = list(Entry.objects.filter(grant=str(grant.code)).order_by("id"))
    assert [e.kind for e in entries] == [EntryKind.SHARE_GRANTED, EntryKind.SHARE_REVOKED]
    assert entries[0].consumer == consumer.identifier
