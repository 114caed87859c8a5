"""Messages are written with the action that causes them and sent once, after commit."""

import pytest
from django.db import transaction

from yiwang.notify.actions import do_mark_read, do_notify, send_one, send_pending
from yiwang.notify.backends import MemoryBackend
from yiwang.notify.models import Notification


@pytest.fixture(autouse=True)
def _empty_outbox():
    MemoryBackend.outbox.clear()
    yield
    MemoryBackend.outbox.clear()


def test_in_app_is_delivered_by_being_written_and_sms_is_sent_after_commit(
    li_wei, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rows = do_notify(li_wei, subject="申请已受理", body="您的申请已受理。")
        assert MemoryBackend.outbox == []

    assert {row.medium: row.status for row in Notification.objects.filter(pk__in=[r.pk for r in rows])} == {
        Notification.IN_APP: Notification.SENT,
        Notification.SMS: Notification.SENT,
    }
    assert [n.address for n in MemoryBackend.outbox] == ["13800000001"]


def test_nothing_is_sent_when_the_action_rolls_back(li_wei):
    with pytest.raises(RuntimeError), transaction.atomic():
        do_notify(li_wei, subject="x", body="y")
        raise RuntimeError

    assert not Notification.objects.exists() and MemoryBackend.outbox == []


def test_a_message_is_sent_once_however_often_the_sender_runs(li_wei, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        do_notify(li_wei, subject="x", body="y", media=(Notification.SMS,))

    assert send_pending() == 1
    assert send_pending() == 0
    assert len(MemoryBackend.outbox) == 1


def test_a_failing_gateway_is_retried_then_given_up(li_wei, settings, django_capture_on_commit_callbacks):
    settings.YIWANG_SMS_BACKEND = "yiwang.notify.tests.test_outbox.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = do_notify(li_wei, subject="x", body="y", media=(Notification.SMS,))

    for _ in range(5):
        send_one(row)

    row.refresh_from_db()
    assert row.status == Notification.FAILED and row.attempts == 5 and "gateway down" in row.last_error


def test_a_medium_without_an_address_is_skipped(newcomer):
    rows = do_notify(newcomer, subject="x", body="y", media=(Notification.SMS, Notification.EMAIL))

    assert rows == []


def test_the_phone_number_is_stored_encrypted(li_wei):
    from django.db import connection

    do_notify(li_wei, subject="x", body="y", media=(Notification.SMS,))

    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM notify_notification")
        (stored,) = cursor.fetchone()
    assert "13800000001" not in stored


def test_marking_read_touches_only_the_users_own_messages(li_wei, wang_fang):
    do_notify(li_wei, subject="a", body="b", media=(Notification.IN_APP,))
    do_notify(wang_fang, subject="a", body="b", media=(Notification.IN_APP,))

    assert do_mark_read(li_wei) == 1
    assert Notification.objects.filter(recipient=wang_fang, read_at__isnull=True).count() == 1


class BrokenBackend:
    def send(self, notification):
        raise ConnectionError("gateway down")
