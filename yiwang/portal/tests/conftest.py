"""Fixtures of the portal tests."""

import pytest

from yiwang.core.identifiers import make_credit_code


@pytest.fixture(autouse=True)
def _database(db):
    """Every portal test works on the database."""


@pytest.fixture
def enterprise_of():
    """Register an enterprise for a user, as its legal representative."""
    from yiwang.accounts.actions import do_register_enterprise

    def make(user, index=1, name=None):
        return do_register_enterprise(
            user=user,
            name=name or f"重庆测试{index}有限公司",
            credit_code=make_credit_code(f"91500103MA5U{index:05d}"),
            legal_representative=user.person.name,
        )

    return make
