"""`yiwang ledger verify`: every kind of tampering is found, and the first bad index is named."""

import pytest
from django.core.management import call_command
from django.db.models import F

from yiwang.ledger import leaves, merkle
from yiwang.ledger.actions import do_sequence
from yiwang.ledger.models import Entry, TreeHead, TreeNode
from yiwang.ledger.tests.conftest import append
from yiwang.ledger.verify import verify_log


def _verify_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("ledger", "verify")
    return exit_info.value.code, capsys.readouterr().err


def test_an_untouched_log_verifies(sequenced, capsys):
    report = verify_log()
    assert report.ok and report.entries == 40 and report.heads == 3
    call_command("ledger", "verify")
    assert "OK: 40 entries and 3 signed tree heads" in capsys.readouterr().out


def test_a_changed_row_is_named(sequenced, capsys):
    Entry.objects.filter(leaf_index=17).update(purpose="随便看看")
    assert verify_log().first_bad_index == 17
    code, err = _verify_command(capsys)
    assert code == 1 and "first bad index 17" in err


def test_a_changed_row_with_its_leaf_hash_rewritten_is_named(sequenced):
    entry = Entry.objects.get(leaf_index=9)
    entry.consumer = "department:500103-99"
    Entry.objects.filter(pk=entry.pk).update(
        consumer=entry.consumer, leaf_hash=leaves.leaf_hash(leaves.entry_leaf_input(entry)).hex()
    )
    report = verify_log()
    assert report.first_bad_index == 9
    assert "stored leaf" in report.problems[0].message


def test_a_changed_row_with_every_stored_hash_rewritten_breaks_the_signed_roots(sequenced):
    """The database administrator rewrites the row, its leaf hash and the whole stored tree: only the
    signatures are left, and they no longer fit. The bad index lies after the last good tree head."""
    entry = Entry.objects.get(leaf_index=30)
    entry.purpose = "改过"
    Entry.objects.filter(pk=entry.pk).update(
        purpose=entry.purpose, leaf_hash=leaves.leaf_hash(leaves.entry_leaf_input(entry)).hex()
    )
    TreeNode.objects.all().delete()
    builder = merkle.NodeBuilder(merkle.SM3)
    for row in Entry.objects.order_by("leaf_index"):
        TreeNode.objects.bulk_create(
            [TreeNode(key=k, hash=h) for k, h in builder.append(bytes.fromhex(row.leaf_hash))]
        )
    report = verify_log()
    assert not report.ok
    assert report.first_bad_index == 23  # the size of the last tree head that still holds
    assert "root" in report.problems[0].message


def test_a_deleted_row_is_named(sequenced, capsys):
    Entry.objects.filter(leaf_index=5).delete()
    assert verify_log().first_bad_index == 5
    code, err = _verify_command(capsys)
    assert code == 1 and "first bad index 5" in err and "deleted" in err


def test_a_deleted_last_row_is_named(sequenced):
    Entry.objects.filter(leaf_index=39).delete()
    assert verify_log().first_bad_index == 39


def test_an_inserted_row_is_named(sequenced, capsys):
    """A forged entry slipped in at position 12, the later ones moved up by one."""
    Entry.objects.filter(leaf_index__gte=12).update(leaf_index=F("leaf_index") + 1000)
    Entry.objects.filter(leaf_index__gte=1012).update(leaf_index=F("leaf_index") - 999)
    forged = append(1, purpose="伪造")[0]
    Entry.objects.filter(pk=forged.pk).update(leaf_index=12)
    assert verify_log().first_bad_index == 12
    code, err = _verify_command(capsys)
    assert code == 1 and "first bad index 12" in err


def test_a_forged_tree_head_is_found(sequenced):
    head = TreeHead.objects.get(tree_size=23)
    TreeHead.objects.filter(pk=head.pk).update(root_hash="00" * 32)
    report = verify_log()
    assert report.first_bad_index == 10 and "signature" in report.problems[0].message


def test_a_later_entry_does_not_hide_an_earlier_problem(sequenced):
    Entry.objects.filter(leaf_index__in=[3, 33]).update(purpose="x")
    report = verify_log()
    assert [p.index for p in report.problems][:2] == [3, 33]


def test_waiting_entries_are_not_tampering(sequenced):
    append(3)
    assert verify_log().ok
    do_sequence()
    assert verify_log().ok
