import pytest


def append(count, subject=None, **fields):
    """`count` entries of 数据跑路 fetches about `subject`, as the data-sharing app will append them."""
    from yiwang.ledger.actions import append_entry
    from yiwang.ledger.models import EntryKind

    return [
        append_entry(
            EntryKind.DATA_FETCHED,
            subject=subject,
            consumer=fields.get("consumer", "system:tax"),
            purpose=fields.get("purpose", "社保资格核验"),
            grant=fields.get("grant", "G-2026-001"),
            obj=f"datahub.record:{i}",
            payload={"fields": ["name", "id_number"], "n": i},
        )
        for i in range(count)
    ]


@pytest.fixture
def sequenced(db):
    """A log of 40 entries, sequenced in batches of 16 with a tree head after each run."""
    from yiwang.ledger.actions import do_sequence

    for count in (10, 13, 17):
        append(count)
        do_sequence(batch=16)
