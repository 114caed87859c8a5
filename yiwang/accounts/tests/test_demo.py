"""`yiwang seed_demo` (safe to run again) and `yiwang demo-code`."""

import io

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from yiwang.accounts.demo import CITIZENS, STAFF, load_demo_secrets
from yiwang.accounts.models import Department, EnterpriseAgent, Person, RoleAssignment, User
from yiwang.core.models import CalendarDay, Event
from yiwang.testing.world import empty_and_rebuild, require_every_test_of_module


@pytest.fixture(scope="module")
def seeded(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """`yiwang seed_demo` run once for the tests of this module, and committed.

    Loading the whole demo takes seconds; each test still runs in its own transaction, so what one
    test changes is rolled back before the next. Afterwards the database is emptied and the shared
    world built again, so no other test sees the demo.
    """
    require_every_test_of_module(request, "seeded")
    with override_settings(VAR_DIR=tmp_path_factory.mktemp("demo")):  # its own passwords file
        with django_db_blocker.unblock():
            call_command("seed_demo", stdout=io.StringIO())
        yield
    with django_db_blocker.unblock():
        empty_and_rebuild()


def table_sizes():
    return {
        model.__name__: model.objects.count()
        for model in (User, Person, Department, RoleAssignment, EnterpriseAgent, CalendarDay, Event)
    }


def test_running_twice_changes_nothing_the_second_time(seeded):
    before = table_sizes()

    call_command("seed_demo", stdout=io.StringIO())

    assert table_sizes() == before


def test_every_staff_persona_exists_with_its_role_and_second_factor(seeded):
    secrets = load_demo_secrets()
    for username, _name, suffix, role in STAFF:
        user = User.objects.get(username=username)
        assignment = user.role_assignments.get()
        assert assignment.role == role
        assert assignment.department.code == (f"500103-{suffix}" if suffix else "500103")
        assert user.check_password(secrets[username]["password"])
        assert user.totp_secret == secrets[username]["totp"] and user.totp_confirmed_at


def test_every_citizen_persona_exists_and_li_wei_represents_an_enterprise(seeded):
    secrets = load_demo_secrets()
    for key, name, _id17, phone in CITIZENS:
        user = User.objects.get(username=secrets[key]["username"])
        assert (user.person.name, user.person.phone) == (name, phone)
        assert user.check_password(secrets[key]["password"])
        assert not user.role_assignments.exists()
    li_wei = User.objects.get(username=secrets["citizen"]["username"])
    assert EnterpriseAgent.objects.get(user=li_wei).capacity == "legal_representative"


def test_demo_passwords_file_is_private(seeded, settings):
    assert (settings.VAR_DIR / "demo-accounts.json").stat().st_mode & 0o077 == 0


def test_a_changed_demo_password_is_set_back(seeded):
    from yiwang.accounts.actions import do_set_password

    clerk = User.objects.get(username="clerk")
    do_set_password(clerk, "Changed-pass-1", actor=None)

    call_command("seed_demo", stdout=io.StringIO())

    clerk.refresh_from_db()
    assert clerk.check_password(load_demo_secrets()["clerk"]["password"])


def test_demo_code_prints_the_current_code(seeded):
    out = io.StringIO()

    call_command("demo_code", "clerk", stdout=out)

    totp = pyotp.TOTP(load_demo_secrets()["clerk"]["totp"])
    assert totp.verify(out.getvalue().strip(), valid_window=1)


def test_the_documented_demo_code_command_prints_the_current_code(seeded, capsys):
    from yiwang import cli

    cli.main(["demo-code", "clerk"])

    totp = pyotp.TOTP(load_demo_secrets()["clerk"]["totp"])
    assert totp.verify(capsys.readouterr().out.strip(), valid_window=1)


def test_a_hyphenated_name_that_is_no_command_stays_unknown(seeded, capsys):
    from yiwang import cli

    assert cli._command_name("demo-code") == "demo_code"
    assert cli._command_name("no-such-command") == "no-such-command"
    with pytest.raises(SystemExit):
        cli.main(["no-such-command"])
    assert "Unknown command: 'no-such-command'" in capsys.readouterr().err


def test_demo_code_refuses_a_citizen_or_unknown_account(seeded):
    for username in ("citizen", "nobody"):
        with pytest.raises(CommandError):
            call_command("demo_code", username, stdout=io.StringIO())


def test_the_seed_command_loads_the_catalogue(seeded):
    from yiwang.services.models import ServiceItem

    assert ServiceItem.objects.filter(current__isnull=False).count() >= 60
