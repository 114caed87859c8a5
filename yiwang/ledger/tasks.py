"""Background work of the ledger: the sequencer, every 30 seconds, so that a tree head is signed at
least once a minute while entries arrive."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic


@periodic("ledger-sequence", every=datetime.timedelta(seconds=30))
@task()
def sequence_ledger():
    """Place waiting entries in the tree and sign a tree head (safe to run twice at once)."""
    from yiwang.ledger.actions import do_sequence

    placed, head = do_sequence()
    return {"placed": placed, "tree_size": head.tree_size if head else None}
