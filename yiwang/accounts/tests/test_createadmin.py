"""`yiwang createadmin`: the first administrator of an installation (there are no default accounts)."""

import io

import pytest
from django.core.management import CommandError, call_command

from yiwang.accounts.models import Department, RoleAssignment, User
from yiwang.core.models import Event


def run(monkeypatch, *args, password="Admin-pass-2024"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("createadmin", *args, "--password-stdin", stdout=out)
    return out.getvalue()


def test_first_administrator_on_an_empty_installation_gets_a_root_department(monkeypatch, empty_installation):
    out = run(monkeypatch, "root-admin", "--name", "管理员")

    user = User.objects.get(username="root-admin")
    assert user.check_password("Admin-pass-2024")
    assert user.has_role("system_admin")
    assert Department.objects.get().parent is None
    assert "root-admin is system_admin" in out


def test_administrator_is_placed_in_the_named_department(monkeypatch, district):
    run(monkeypatch, "auditor", "--role", "audit_admin", "--department", "500103-02")

    assignment = RoleAssignment.objects.get(user__username="auditor")
    assert (assignment.role, assignment.department.code) == ("audit_admin", "500103-02")


def test_without_department_the_top_of_the_tree_is_used(monkeypatch, district):
    run(monkeypatch, "root-admin")

    assert RoleAssignment.objects.get(user__username="root-admin").department == district


def test_unknown_department_is_refused(monkeypatch, district):
    with pytest.raises(CommandError, match="No department"):
        run(monkeypatch, "root-admin", "--department", "nowhere")

    assert not User.objects.filter(username="root-admin").exists()


def test_weak_password_is_refused_and_creates_nothing(monkeypatch):
    before = (User.objects.count(), Department.objects.count(), Event.objects.count())

    with pytest.raises(CommandError):
        run(monkeypatch, "root-admin", password="short")

    assert (User.objects.count(), Department.objects.count(), Event.objects.count()) == before


def test_second_administrator_duty_for_the_same_person_is_refused(monkeypatch, district):
    run(monkeypatch, "root-admin")

    with pytest.raises(CommandError):
        run(monkeypatch, "root-admin", "--role", "security_admin")

    assert set(RoleAssignment.objects.filter(user__username="root-admin").values_list("role", flat=True)) == {
        "system_admin"
    }


def test_unknown_role_is_refused(monkeypatch):
    with pytest.raises(CommandError):
        run(monkeypatch, "root-admin", "--role", "officer")

    assert not User.objects.exists()
