"""Fixtures of the cases tests: the JSON API client of a persona."""

import pytest

from yiwang.cases.tests.api_client import ApiClient


@pytest.fixture
def as_user(client):
    """as_user(user) → an ApiClient with a token of that user (None: no token)."""
    return lambda user: ApiClient(client, user)
