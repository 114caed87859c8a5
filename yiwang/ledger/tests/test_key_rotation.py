"""Rotating the platform's SM2 key: the old tree heads keep verifying under the old public key, and
`yiwang ledger resign-head` signs the current tree with the new key."""

import pytest
from django.core.management import call_command

from yiwang.core import sm2
from yiwang.ledger.models import Entry, TreeHead
from yiwang.ledger.proofs import latest_head, public_key_json, receipt
from yiwang.ledger.tests.conftest import append
from yiwang.ledger.verify import verify_log, verify_receipt


@pytest.fixture
def rotated(sequenced, settings):
    """The 40-entry log signed by the first key, then a new key configured with the old one kept."""
    old_public, old_id = sm2.public_key(), sm2.key_id()
    settings.SM2_KEY = sm2.new_private_key()
    settings.SM2_OLD_KEYS = ["04" + old_public]
    return old_public, old_id


def test_old_tree_heads_verify_after_rotation_when_the_old_key_is_kept(rotated):
    _old_public, old_id = rotated
    assert set(TreeHead.objects.values_list("key_id", flat=True)) == {old_id} != {sm2.key_id()}
    report = verify_log()
    assert report.ok and report.heads == 3


def test_without_the_old_key_the_check_names_the_unknown_key(rotated, settings):
    _old_public, old_id = rotated
    settings.SM2_OLD_KEYS = []
    report = verify_log()
    assert not report.ok
    assert f"signed with an unknown key ({old_id})" in report.problems[0].message


def test_resign_head_signs_the_current_tree_with_the_new_key_once(rotated, capsys):
    _old_public, old_id = rotated
    call_command("ledger", "resign-head")
    assert "signed: tree head of size 40" in capsys.readouterr().out
    head = latest_head()
    assert head.tree_size == 40 and head.key_id == sm2.key_id() != old_id
    assert TreeHead.objects.count() == 4
    call_command("ledger", "resign-head")  # nothing new to sign
    assert "already signed" in capsys.readouterr().out and TreeHead.objects.count() == 4
    assert verify_log().ok


def test_resign_head_sequences_waiting_entries_first(rotated):
    append(3)
    call_command("ledger", "resign-head")
    assert latest_head().tree_size == 43 and latest_head().key_id == sm2.key_id()
    assert verify_log().ok


def test_receipts_name_the_key_of_their_tree_head_before_and_after_resigning(rotated):
    old_public, old_id = rotated
    entry = Entry.objects.get(leaf_index=21)
    before = receipt(entry)
    assert before["sth"]["key_id"] == old_id and before["log"]["public_key"] == "04" + old_public
    assert verify_receipt(before) == [] and verify_receipt(before, public_key=old_public) == []
    call_command("ledger", "resign-head")
    after = receipt(entry)
    assert after["sth"]["key_id"] == sm2.key_id()
    assert verify_receipt(after, public_key=sm2.public_key()) == []


def test_the_published_key_lists_the_previous_keys(rotated, client):
    old_public, old_id = rotated
    published = client.get("/.well-known/yiwang-ledger-key").json()
    assert published == public_key_json() and published["key_id"] == sm2.key_id()
    assert published["previous_keys"] == [{"key_id": old_id, "public_key": "04" + old_public}]
    assert client.get("/ledger/v1/get-key").json()["previous_keys"] == published["previous_keys"]
