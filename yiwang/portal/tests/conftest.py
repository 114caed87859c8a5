"""Fixtures of the portal tests."""

import pytest

from yiwang.core.identifiers import make_credit_code


@pytest.fixture(autouse=True)
def _database(db):
    """Every portal test works on the database."""


@pytest.fixture
def english(client):
    """The test client asking for English pages (the language cookie)."""
    client.cookies["yiwang_language"] = "en"
    return client


@pytest.fixture
def password(request):
    """The personas' password: PASSWORD of the root conftest.py, found by its path, because in a
    whole-suite run the module named `conftest` may be another directory's."""
    root = str(request.config.rootpath / "conftest.py")
    plugins = request.config.pluginmanager.get_plugins()
    module = next(p for p in plugins if getattr(p, "__file__", None) == root)
    return module.PASSWORD


@pytest.fixture
def department(db):
    """A department of the demo district by its code suffix: department("04") is 市场监管局."""
    from yiwang.accounts.models import Department

    return lambda suffix: Department.objects.get(code=f"500103-{suffix}")


@pytest.fixture
def enterprise_of():
    """Register an enterprise for a user, as its legal representative."""
    from yiwang.accounts.actions import do_register_enterprise

    def make(user, index=1, name=None):
        return do_register_enterprise(user=user, name=name or f"重庆测试{index}有限公司",
                                      credit_code=make_credit_code(f"91500103MA5U{index:05d}"),
                                      legal_representative="李伟", capacity="legal_representative")

    return make
