from yiwang.benefits.tests.world import allowance_item, birth_item, subsidy_item  # noqa: F401 - fixtures
