"""Fixtures of the sharing tests: a provider (公安分局) with a population resource, a consumer
department (市场监管局) with a registered system and a key, their data stewards.

Test modules import them at module level: `from yiwang.datahub.tests.share_world import *`.
"""

import pytest

from conftest import department
from yiwang.datahub import sharing
from yiwang.datahub.tests import share_factories as f

__all__ = [
    "provider",
    "police_steward",
    "market_steward",
    "population",
    "people_ids",
    "consumer",
    "issued_key",
    "granted",
    "gw",
]


@pytest.fixture
def provider(district, calendar):
    return department("03")


@pytest.fixture
def police_steward(provider):
    return f.steward_of(provider, "steward03")


@pytest.fixture
def market_steward(district):
    return f.steward_of(department("04"), "steward04")


@pytest.fixture
def population(provider):
    return f.population(provider)


@pytest.fixture
def people_ids(population):
    return f.people(population, 5)


@pytest.fixture
def consumer(market_steward):
    return f.consumer_of(department("04"), market_steward)


@pytest.fixture
def issued_key(consumer, market_steward):
    return sharing.do_issue_consumer_key(consumer, actor=market_steward)


@pytest.fixture
def granted(consumer, population, people_ids, market_steward, police_steward):
    """The consumer's grant on the population resource: id_number and sex only, for 个体工商户登记."""
    share = sharing.do_request_share(
        consumer,
        population,
        purpose="个体工商户登记核验",
        legal_basis="",
        fields=["id_number", "name", "sex"],
        duration_days=30,
        actor=market_steward,
    )
    return sharing.do_approve_share_request(
        share, fields=["id_number", "sex"], duration_days=10, actor=police_steward
    )


@pytest.fixture
def gw(client, issued_key):
    key, secret = issued_key
    return f.GatewayClient(client, key.key_id, secret, purpose="个体工商户登记核验")
