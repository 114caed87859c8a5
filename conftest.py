"""The test suite's plugins (yiwang/testing/): the frozen clock, the shared world, the personas and the
catalogue.

The helpers below are re-exported because many tests import them from here (`from conftest import
department, item_spec, login, upload, _staff`); new tests import them from `yiwang.testing`.
"""

import pytest

pytest.register_assert_rewrite("yiwang.testing")  # before the imports below, as for the plugins

from yiwang.testing.catalogue import item_spec, sole_trader_answers, upload  # noqa: E402,F401
from yiwang.testing.personas import PASSWORD, _citizen, _staff, login  # noqa: E402,F401
from yiwang.testing.world import department  # noqa: E402,F401

pytest_plugins = [
    "yiwang.testing.clock",  # first: the clock is frozen before any database or fixture is built
    "yiwang.testing.world",
    "yiwang.testing.personas",
    "yiwang.testing.catalogue",
    "yiwang.testing.datahub",
]
