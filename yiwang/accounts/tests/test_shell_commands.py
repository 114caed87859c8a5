"""Django's createsuperuser is switched off; changepassword goes through the password rules."""

import io

import pytest
from django.core.management import CommandError, call_command

from yiwang.accounts.models import User
from yiwang.core.events import EventCode
from yiwang.core.models import Event


@pytest.mark.django_db
def test_createsuperuser_is_refused_and_creates_nothing():
    with pytest.raises(CommandError, match="createadmin"):
        call_command("createsuperuser", "--noinput", "--username", "boss", "--email", "b@example.com")

    assert not User.objects.filter(is_superuser=True).exists()


@pytest.mark.django_db
def test_changepassword_applies_the_rules_and_records_an_event(newcomer, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    with pytest.raises(CommandError):
        call_command("changepassword", "newcomer", "--password-stdin")

    monkeypatch.setattr("sys.stdin", io.StringIO("Operator-reset-88\n"))
    call_command("changepassword", "newcomer", "--password-stdin", stdout=io.StringIO())

    newcomer.refresh_from_db()
    assert newcomer.check_password("Operator-reset-88")
    assert Event.objects.filter(code=EventCode.PASSWORD_CHANGED, object_id=str(newcomer.pk)).count() == 1
