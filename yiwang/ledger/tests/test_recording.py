"""What gets into the ledger: case decisions, officers opening personal data, role and security
changes (through event readers, in the action's transaction), and other apps' calls to append_entry."""

import json

import pytest
from django.db import transaction

from conftest import sole_trader_answers, upload
from yiwang.accounts.actions import do_reset_second_factor, do_revoke_role, do_unlock_user
from yiwang.cases.actions import (
    do_accept_case,
    do_apply,
    do_complete_step,
    do_finish_case,
    do_refuse_case,
    do_withdraw_case,
    record_data_view,
)
from yiwang.cases.models import Case
from yiwang.ledger.actions import append_entry
from yiwang.ledger.models import Entry, EntryKind


def kinds():
    return list(Entry.objects.order_by("id").values_list("kind", flat=True))


def test_officer_opening_a_case_is_a_use_of_the_applicants_data(submitted_case, officer):
    before = Entry.objects.count()
    record_data_view(submitted_case, actor=officer)
    entry = Entry.objects.order_by("id")[before]
    assert entry.kind == EntryKind.CASE_DATA_VIEWED and entry.is_access
    assert entry.subject_id == submitted_case.applicant_id
    assert entry.actor == officer and entry.actor_ref == f"user:{officer.code}"
    assert entry.consumer == "department:500103-04" and entry.purpose == "case_handling"
    assert entry.object_ref == f"cases.case:{submitted_case.code}"


def test_every_decision_on_a_case_is_recorded(calendar, submitted_case, officer, head):
    start = Entry.objects.count()
    do_accept_case(submitted_case, actor=officer)
    do_complete_step(submitted_case, actor=officer, opinion="材料齐全，符合条件。")
    do_complete_step(submitted_case, actor=head, opinion="同意。", decision=Case.APPROVE)
    do_finish_case(submitted_case, actor=head)
    assert kinds()[start:] == [EntryKind.CASE_ACCEPTED, EntryKind.CASE_APPROVED, EntryKind.CASE_FINISHED]
    assert {e.subject_id for e in Entry.objects.all()[start:]} == {submitted_case.applicant_id}


def test_refusal_and_withdrawal_are_recorded(submitted_case, officer, li_wei, sole_trader_item):
    start = Entry.objects.count()
    do_refuse_case(submitted_case, actor=officer, reason="不属于本部门管辖。")
    lease = sole_trader_item.current.materials.get(source="applicant")
    other = do_apply(
        sole_trader_item,
        applicant=li_wei.person,
        owner=li_wei,
        actor=li_wei,
        answers=sole_trader_answers(),
        uploads=[(lease, upload())],
    )
    do_withdraw_case(other, actor=li_wei, reason="不办了")
    assert kinds()[start:] == [EntryKind.CASE_NOT_ACCEPTED, EntryKind.CASE_WITHDRAWN]


def test_role_and_security_changes_are_recorded(officer, secadmin):
    start = Entry.objects.count()
    do_reset_second_factor(officer, actor=secadmin)
    do_unlock_user(officer, actor=secadmin)
    do_revoke_role(officer.role_assignments.get(), actor=secadmin)
    entries = list(Entry.objects.all()[start:])
    assert [e.kind for e in entries] == [
        EntryKind.SECOND_FACTOR_RESET,
        EntryKind.ACCOUNT_UNLOCKED,
        EntryKind.ROLE_REVOKED,
    ]
    assert all(e.actor == secadmin and e.object_ref == f"accounts.user:{officer.code}" for e in entries)
    assert entries[2].consumer == "department:500103-04"


def test_a_granted_role_is_recorded(officer):
    assert EntryKind.ROLE_GRANTED in kinds()


def test_the_entry_stands_or_falls_with_its_action(calendar, submitted_case, officer):
    start = Entry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        do_accept_case(submitted_case, actor=officer)
        assert Entry.objects.count() == start + 1
        raise RuntimeError("the action failed after its event")
    assert Entry.objects.count() == start


def test_data_sharing_kinds_can_be_appended(li_wei):
    for kind in (
        EntryKind.GATEWAY_READ,
        EntryKind.DATA_FETCHED,
        EntryKind.CERTIFICATE_ISSUED,
        EntryKind.CERTIFICATE_REVOKED,
        EntryKind.SHARE_GRANTED,
        EntryKind.SHARE_REVOKED,
    ):
        entry = append_entry(
            kind,
            subject=li_wei.person,
            consumer="system:500103-05-social-security",
            purpose="就业补贴资格核验",
            grant="SG-2026-0007",
            obj="datahub.dataset:户籍",
            payload={"fields": ["name"]},
        )
        assert entry.kind == kind and entry.leaf_index is None and len(entry.leaf_hash) == 64


def test_identifiers_in_a_payload_are_masked(li_wei):
    entry = append_entry(
        EntryKind.GATEWAY_READ, subject=li_wei.person, payload={"query": "500103198803142315 13800000001"}
    )
    text = json.loads(entry.payload_json)["query"]
    assert "500103198803142315" not in text and "13800000001" not in text


def test_bad_calls_are_refused(li_wei):
    with pytest.raises(ValueError):
        append_entry("access.everything", subject=li_wei.person)
    with pytest.raises(ValueError):
        append_entry(EntryKind.GATEWAY_READ, purpose="x" * 201)
    assert not Entry.objects.filter(kind=EntryKind.GATEWAY_READ).exists()


def test_the_leaf_holds_commitments_not_the_subject(li_wei):
    from yiwang.ledger.leaves import commit, entry_leaf_input

    entry = append_entry(EntryKind.GATEWAY_READ, subject=li_wei.person, consumer="system:tax", obj="x:1")
    leaf = entry_leaf_input(entry).decode()
    assert str(li_wei.person.code) not in leaf and "x:1" not in leaf
    fields = json.loads(leaf)
    assert fields["subject"] == commit(entry.salt, f"person:{li_wei.person.code}")
    assert fields["consumer"] == "system:tax"
