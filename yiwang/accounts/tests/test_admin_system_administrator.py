"""The system administrator's admin pages: departments and staff accounts, saved through actions."""

import pytest

from yiwang.accounts.models import Department, User
from yiwang.core.events import EventCode
from yiwang.core.models import Event


@pytest.fixture
def department_form(department):
    """The add form of a unit under 市场监管局, to be changed one field at a time."""

    def make(**changes):
        data = {
            "code": "500103-04-01",
            "name": "登记注册科",
            "short_name": "",
            "kind": "unit",
            "parent": department("04").pk,
            "credit_code": "",
            "phone": "",
            "address": "",
            "sort_order": "0",
            "is_active": "on",
        }
        data.update(changes)
        return data

    return make


def test_system_administrator_adds_a_department(client, login_as, sysadmin, department, department_form):
    login_as(sysadmin)

    response = client.post("/admin/accounts/department/add/", department_form())

    assert response.status_code == 302
    unit = Department.objects.get(code="500103-04-01")
    assert unit.parent == department("04")
    assert unit.path == f"{department('04').path}{unit.pk}/"
    assert Event.objects.get(code=EventCode.DEPARTMENT_CREATED, object_id=str(unit.pk)).actor == sysadmin


def test_department_of_the_wrong_kind_shows_the_error_and_stores_nothing(
    english, login_as, sysadmin, department_form
):
    login_as(sysadmin)
    before = (Department.objects.count(), Event.objects.count())

    response = english.post("/admin/accounts/department/add/", department_form(kind="community"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        "A Community cannot be placed under 渝中区市场监督管理局."
    ]
    assert (Department.objects.count(), Event.objects.count()) == before


def test_duplicate_department_code_shows_the_error(client, login_as, sysadmin, department_form):
    login_as(sysadmin)
    before = Department.objects.count()

    response = client.post("/admin/accounts/department/add/", department_form(code="500103-05"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["code"]
    assert Department.objects.count() == before


def test_system_administrator_moves_a_department_through_the_change_form(
    client, login_as, sysadmin, department, department_form
):
    login_as(sysadmin)
    client.post("/admin/accounts/department/add/", department_form())
    unit = Department.objects.get(code="500103-04-01")
    data = department_form(parent=department("05").pk)
    del data["kind"]  # read-only once created

    response = client.post(f"/admin/accounts/department/{unit.pk}/change/", data)

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.parent == department("05")
    assert unit.path.startswith(department("05").path)
    assert Event.objects.get(code=EventCode.DEPARTMENT_CHANGED).actor == sysadmin


def test_departments_cannot_be_deleted(client, login_as, sysadmin, department):
    login_as(sysadmin)

    response = client.post(f"/admin/accounts/department/{department('05').pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Department.objects.filter(code="500103-05").exists()


def test_system_administrator_adds_a_staff_account(client, login_as, sysadmin):
    login_as(sysadmin)

    response = client.post(
        "/admin/accounts/user/add/",
        {"username": "newclerk", "first_name": "黄蓉", "email": "", "password": "Initial-pass-9"},
    )

    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert user.check_password("Initial-pass-9")
    assert not user.role_assignments.exists()
    assert Event.objects.get(code=EventCode.STAFF_CREATED, object_id=str(user.pk)).actor == sysadmin


def test_staff_account_with_a_weak_password_is_refused(english, login_as, sysadmin):
    login_as(sysadmin)
    before = (User.objects.count(), Event.objects.count())

    response = english.post(
        "/admin/accounts/user/add/",
        {"username": "newclerk", "first_name": "黄蓉", "email": "", "password": "zqxjkvbnmwrt"},
    )

    assert response.status_code == 200
    assert any("at least 3" in error for error in response.context["adminform"].form.errors["password"])
    assert (User.objects.count(), Event.objects.count()) == before


def test_taken_username_is_refused(client, login_as, sysadmin, officer):
    login_as(sysadmin)

    response = client.post(
        "/admin/accounts/user/add/",
        {"username": "OFFICER", "first_name": "", "email": "", "password": "Initial-pass-9"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["username"]
    assert User.objects.filter(username__iexact="officer").count() == 1


def test_system_administrator_deactivates_an_account(client, login_as, sysadmin, officer):
    login_as(sysadmin)

    client.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [officer.pk]})

    officer.refresh_from_db()
    assert not officer.is_active
    assert Event.objects.get(code=EventCode.ACCOUNT_DEACTIVATED).actor == sysadmin
