"""The shared personas (STYLE.md), built by real actions, and helpers to log them in.

Each persona is created in the test that asks for it, inside that test's transaction: a test that
does not ask for the clerk finds no clerk. The district they work in is the shared world
(`yiwang.testing.world`).
"""

import time

import pytest

from yiwang.testing.world import department

PASSWORD = "Persona-pass-1"


def citizen(name, id17, phone):
    """A citizen registered as on the portal; `id17` is the citizen ID without its check character."""
    from yiwang.accounts.actions import do_register_citizen
    from yiwang.core.identifiers import make_citizen_id

    return do_register_citizen(
        real_name=name, id_number=make_citizen_id(id17), phone=phone, password=PASSWORD
    )


def staff(username, name, dept, role):
    """A staff account holding `role` in `dept`."""
    from yiwang.accounts.actions import do_create_staff, do_grant_role

    user = do_create_staff(username=username, name=name, password=PASSWORD, actor=None)
    do_grant_role(user, dept, role, actor=None)
    return user


_citizen = citizen  # the names the tests have imported from the root conftest
_staff = staff


@pytest.fixture
def password():
    """The personas' password."""
    return PASSWORD


@pytest.fixture
def english_messages():
    """Messages raised by actions in English (the source language), for exact assertions."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def english(client):
    """The test client asking for English pages (the language cookie)."""
    client.cookies["yiwang_language"] = "en"
    return client


@pytest.fixture
def li_wei(db):
    """The citizen."""
    return citizen("李伟", "50010319880314231", "13800000001")


@pytest.fixture
def wang_fang(db):
    """A second citizen, who must never see Li Wei's things."""
    return citizen("王芳", "50010319920721122", "13800000002")


@pytest.fixture
def newcomer(db):
    """A staff account that holds no role yet (roles are only ever given to staff accounts)."""
    from yiwang.accounts.actions import do_create_staff

    return do_create_staff(username="newcomer", name="林新", password=PASSWORD, actor=None)


@pytest.fixture
def clerk(district):
    return staff("clerk", "张敏", department("01"), "window_clerk")


@pytest.fixture
def officer(district):
    """An officer of the responsible department (市场监管局)."""
    return staff("officer", "陈刚", department("04"), "officer")


@pytest.fixture
def head(district):
    """The head of the responsible department (市场监管局), who takes decisions."""
    return staff("head", "周强", department("04"), "department_head")


@pytest.fixture
def other_officer(district):
    """An officer of another department (人力社保局)."""
    return staff("officer2", "刘洋", department("05"), "officer")


@pytest.fixture
def supervisor(district):
    return staff("supervisor", "赵静", department("01"), "supervisor")


@pytest.fixture
def steward(district):
    return staff("steward", "孙磊", department("02"), "data_steward")


@pytest.fixture
def sysadmin(district):
    return staff("sysadmin", "冯涛", department("02"), "system_admin")


@pytest.fixture
def secadmin(district):
    return staff("secadmin", "何丽", department("02"), "security_admin")


@pytest.fixture
def auditadmin(district):
    return staff("auditadmin", "许杰", department("01"), "audit_admin")


def login(client, user):
    """Log a user in as the login pages would: staff with their second factor passed."""
    from yiwang.accounts.middleware import SECOND_FACTOR_AT

    client.force_login(user, backend="yiwang.accounts.backends.IdentifierBackend")
    if user.needs_second_factor:
        session = client.session
        session[SECOND_FACTOR_AT] = time.time()
        session.save()
    return client


@pytest.fixture
def login_as(client):
    return lambda user: login(client, user)
