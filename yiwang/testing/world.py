"""The shared world of the tests: the demo district's tree, built once per test database.

Building the district (61 departments, each by `do_create_department`) costs 420 queries, and most
tests need it. It is built once per test database, by the same real actions, right after the
database is created (`django_db_setup`), and committed there. Each test still runs in its own
transaction, rolled back afterwards, so a test that renames or moves a department changes nothing
for the next one.

The build's own events (DEPARTMENT_CREATED ×61) are removed once it is done: every test starts with
an empty event log, as before, and counts the events of what it does.

A test that flushes the database (`django_db(transaction=True)`, `transactional_db`, `live_server`,
so every browser test) leaves it empty: the world is built again right after such a test, before
the next one starts (`pytest_runtest_teardown`).

A test that does not ask for `district` finds it all the same; one that needs a fresh installation
asks for `empty_installation`. The calendar stays per test (`calendar`, ten queries): the calendar
tests start from an empty one.
"""

import pytest

REGION = "500103"  # 重庆市渝中区, the demo district

_built = {}  # "blocker": pytest-django's database blocker, once the world is in the test database


def build_world():
    """The district's tree, by the action `yiwang demo` uses, without the events of building it."""
    from django.db import transaction

    from yiwang.accounts.demo import seed_departments
    from yiwang.core.models import Event

    with transaction.atomic():
        seed_departments()
        Event.objects.all().delete()


def empty_and_rebuild():
    """Empty every table, as a TransactionTestCase does after its test, and build the world again."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    build_world()


def require_every_test_of_module(request, fixture):
    """Refuse to build committed data for a module with a test that did not ask for it (it would see it)."""
    strays = [
        item.name
        for item in request.session.items
        if getattr(item, "module", None) is request.module and fixture not in item.fixturenames
    ]
    if strays:
        pytest.fail(f"{fixture} is built once for its module, so every test there must ask for it: {strays}")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the shared world committed in it."""
    with django_db_blocker.unblock():
        build_world()
    _built["blocker"] = django_db_blocker
    yield
    _built.clear()


def _flushes_database(item):
    """Whether pytest-django runs `item` as a TransactionTestCase, which empties every table after it."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return any(name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if nextitem is not None and "blocker" in _built and _flushes_database(item):
        with _built["blocker"].unblock():
            build_world()
    return result


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
    from yiwang.accounts.models import Department

    return Department.objects.get(code=REGION)


def department(code_suffix):
    """A department of the demo district by its code suffix: department("04") is 市场监管局."""
    from yiwang.accounts.models import Department

    return Department.objects.get(code=f"{REGION}-{code_suffix}")


@pytest.fixture
def empty_installation(db):
    """No department yet, as on a fresh installation.

    The shared world is removed inside this test's transaction, so it is back for the next test.
    """
    from yiwang.accounts.models import Department

    while Department.objects.exists():  # leaves first: a parent is protected
        Department.objects.filter(children__isnull=True).delete()


@pytest.fixture(name="department")
def department_fixture(db):
    """department("04") as a fixture, for tests that prefer to ask for it."""
    return department
