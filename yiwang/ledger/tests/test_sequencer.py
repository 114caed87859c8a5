"""The sequencer: places, stored nodes, signed tree heads; safe to run twice."""

import threading

import pytest
from django.db import connection

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.ledger import merkle, proofs
from yiwang.ledger.actions import do_sequence
from yiwang.ledger.heads import head_is_valid
from yiwang.ledger.leaves import entry_leaf_input
from yiwang.ledger.models import Entry, TreeHead, TreeNode, TreeState
from yiwang.ledger.tasks import sequence_ledger
from yiwang.ledger.tests.conftest import append
from yiwang.ledger.verify import verify_log


def _expected_root(entries):
    builder = merkle.NodeBuilder(merkle.SM3)
    for entry in entries:
        builder.append(merkle.SM3.hash_leaf(entry_leaf_input(entry)))
    return builder.root().hex()


def test_entries_wait_for_the_sequencer(db):
    entries = append(3)
    assert all(e.leaf_index is None for e in entries)
    assert proofs.latest_head() is None


def test_sequencing_places_every_entry_once_and_signs_the_root(db):
    append(37)
    placed, head = do_sequence(batch=10)
    assert placed == 37
    indexes = sorted(Entry.objects.values_list("leaf_index", flat=True))
    assert indexes == list(range(37))
    entries = list(Entry.objects.order_by("leaf_index"))
    assert head.tree_size == 37 and head.root_hash == _expected_root(entries)
    assert head_is_valid(37, head.timestamp, bytes.fromhex(head.root_hash), head.signature)
    assert TreeState.objects.get().tree_size == 37
    # 37 leaves and the 2 complete nodes of level 4; nothing more
    assert TreeNode.objects.count() == 39
    assert Event.objects.filter(code=EventCode.LEDGER_HEAD_SIGNED).count() == 1


def test_running_twice_changes_nothing_the_second_time(db):
    append(5)
    do_sequence()
    nodes, heads = TreeNode.objects.count(), TreeHead.objects.count()
    assert do_sequence() == (0, None)
    assert (TreeNode.objects.count(), TreeHead.objects.count()) == (nodes, heads)


def test_batches_and_runs_give_the_tree_of_one_big_run(db):
    append(50)
    do_sequence(batch=7)
    append(30)
    do_sequence(batch=3)
    entries = list(Entry.objects.order_by("leaf_index"))
    assert TreeState.objects.get().root_hash == _expected_root(entries)
    assert proofs.root_hash(50).hex() == TreeHead.objects.get(tree_size=50).root_hash
    assert verify_log().ok


def test_a_tree_head_after_each_run_with_new_entries(sequenced):
    assert list(TreeHead.objects.values_list("tree_size", flat=True)) == [10, 23, 40]
    for head in TreeHead.objects.all():
        assert proofs.root_hash(head.tree_size).hex() == head.root_hash


def test_the_periodic_task_sequences(db):
    append(4)
    result = sequence_ledger.enqueue()
    assert result.return_value == {"placed": 4, "tree_size": 4}
    from yiwang.core.schedule import jobs

    every, _task = jobs()["ledger-sequence"]
    assert every.total_seconds() <= 60  # a tree head at least every minute while entries arrive


def test_a_signature_over_other_bytes_does_not_verify(sequenced):
    head = TreeHead.objects.latest()
    root = bytes.fromhex(head.root_hash)
    assert head_is_valid(head.tree_size, head.timestamp, root, head.signature)
    assert not head_is_valid(head.tree_size + 1, head.timestamp, root, head.signature)
    assert not head_is_valid(head.tree_size, head.timestamp + 1, root, head.signature)
    assert not head_is_valid(head.tree_size, head.timestamp, bytes(32), head.signature)
    other_key = "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020" * 2
    assert not head_is_valid(head.tree_size, head.timestamp, root, head.signature, other_key)
    assert not head_is_valid(head.tree_size, head.timestamp, root, "zz" * 64)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SKIP LOCKED claim is PostgreSQL's")
def test_two_sequencers_at_once_place_each_entry_once():
    append(300)
    barrier, results = threading.Barrier(2), []

    def run():
        barrier.wait()
        try:
            results.append(do_sequence(batch=20)[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    do_sequence()  # whatever the one that stood aside left
    assert sorted(Entry.objects.values_list("leaf_index", flat=True)) == list(range(300))
    assert verify_log().ok


def test_proofs_from_the_database_verify_across_stored_levels(db):
    append(300)
    do_sequence(batch=97)
    root = bytes.fromhex(TreeState.objects.get().root_hash)
    for index in (0, 15, 16, 255, 256, 299):
        leaf = bytes.fromhex(Entry.objects.get(leaf_index=index).leaf_hash)
        assert merkle.verify_inclusion(merkle.SM3, index, 300, leaf, proofs.inclusion_proof(index, 300), root)
    for first in (1, 16, 256, 299):
        assert merkle.verify_consistency(
            merkle.SM3, first, 300, proofs.root_hash(first), root, proofs.consistency_proof(first, 300)
        )
