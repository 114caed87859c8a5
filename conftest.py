"""Shared test personas (STYLE.md), built by real actions, and helpers to log them in."""

import time

import pytest

PASSWORD = "Persona-pass-1"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with an empty cache and a calendar snapshot read from its own database."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from yiwang.core import workdays

    cache.clear()
    workdays.invalidate()
    translation.activate(settings.LANGUAGE_CODE)  # a request in an earlier test may have switched it
    yield
    workdays.invalidate()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def calendar(db):
    """The working-day calendar of 2024–2026 from chinesecalendar."""
    from yiwang.core.actions import do_seed_calendar

    do_seed_calendar(years=[2024, 2025, 2026])


@pytest.fixture
def district(db):
    """The demo district's tree: the district, 15 departments, 11 streets and their communities."""
    from yiwang.accounts.demo import seed_departments

    return seed_departments()


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


@pytest.fixture(name="department")
def department_fixture(db):
    """A department of the demo district by its code suffix: department("04") is 市场监管局."""
    return department


def department(code_suffix):
    from yiwang.accounts.models import Department

    return Department.objects.get(code=f"500103-{code_suffix}")


def _citizen(name, id17, phone):
    from yiwang.accounts.actions import do_register_citizen
    from yiwang.core.identifiers import make_citizen_id

    return do_register_citizen(real_name=name, id_number=make_citizen_id(id17), phone=phone, password=PASSWORD)


def _staff(username, name, dept, role):
    from yiwang.accounts.actions import do_create_staff, do_grant_role

    user = do_create_staff(username=username, name=name, password=PASSWORD, actor=None)
    do_grant_role(user, dept, role, actor=None)
    return user


@pytest.fixture
def li_wei(db):
    """The citizen."""
    return _citizen("李伟", "50010319880314231", "13800000001")


@pytest.fixture
def wang_fang(db):
    """A second citizen, who must never see Li Wei's things."""
    return _citizen("王芳", "50010319920721122", "13800000002")


@pytest.fixture
def newcomer(db):
    """A staff account that holds no role yet (roles are only ever given to staff accounts)."""
    from yiwang.accounts.actions import do_create_staff

    return do_create_staff(username="newcomer", name="林新", password=PASSWORD, actor=None)


@pytest.fixture
def clerk(district):
    return _staff("clerk", "张敏", department("01"), "window_clerk")


@pytest.fixture
def officer(district):
    """An officer of the responsible department (市场监管局)."""
    return _staff("officer", "陈刚", department("04"), "officer")


@pytest.fixture
def other_officer(district):
    """An officer of another department (人力社保局)."""
    return _staff("officer2", "刘洋", department("05"), "officer")


@pytest.fixture
def supervisor(district):
    return _staff("supervisor", "赵静", department("01"), "supervisor")


@pytest.fixture
def steward(district):
    return _staff("steward", "孙磊", department("02"), "data_steward")


@pytest.fixture
def sysadmin(district):
    return _staff("sysadmin", "冯涛", department("02"), "system_admin")


@pytest.fixture
def secadmin(district):
    return _staff("secadmin", "何丽", department("02"), "security_admin")


@pytest.fixture
def auditadmin(district):
    return _staff("auditadmin", "许杰", department("01"), "audit_admin")


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
