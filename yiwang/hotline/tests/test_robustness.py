"""No input produces a 500: Open311 queries and posts, the ticket API, and the limit tables."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yiwang.hotline import limits
from yiwang.hotline.actions import do_issue_open311_key

TEXT = st.text(max_size=60)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["service_request_id", "service_code", "start_date", "end_date", "status", "jurisdiction_id"]
        ),
        TEXT,
    )
)
def test_open311_request_lists_never_fail(client, categories, params):
    for fmt in ("json", "xml"):
        assert client.get(f"/open311/v2/requests.{fmt}", params).status_code in (200, 400)


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "service_code",
                "lat",
                "long",
                "address_string",
                "description",
                "attribute[kind]",
                "phone",
                "first_name",
                "last_name",
            ]
        ),
        TEXT,
    )
)
def test_open311_posts_never_fail(client, calendar, categories, data):
    key = do_issue_open311_key("fuzz", actor=None)[1]
    response = client.post("/open311/v2/requests.json", dict(data, api_key=key))
    assert response.status_code in (201, 400)


@FUZZ
@given(
    body=st.dictionaries(
        st.sampled_from(["kind", "title", "text", "address", "latitude", "longitude", "confidential"]),
        st.one_of(TEXT, st.integers(), st.floats(), st.none(), st.booleans()),
    )
)
def test_ticket_api_never_fails(client, calendar, categories, li_wei, body):
    from yiwang.accounts.actions import do_issue_api_token

    bearer = do_issue_api_token(li_wei, name="fuzz", actor=None)[1]
    import uuid

    response = client.post(
        "/api/v1/tickets",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {bearer}",
        HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
    )
    assert response.status_code in (201, 400, 422)  # 400: text with a refused character


@given(text=st.text(max_size=40))
def test_limit_tables_parse_or_refuse(text):
    try:
        table = limits.parse_table(text, limits.DISPATCH_HOURS)
    except ValueError:
        return
    assert set(table) == set(limits.DISPATCH_HOURS) and all(isinstance(v, int) for v in table.values())


def test_limit_table_overrides_only_what_it_names():
    assert limits.parse_table("normal=12", limits.DISPATCH_HOURS) == {
        "life_safety": 1,
        "utilities": 2,
        "normal": 12,
    }
    with pytest.raises(ValueError):
        limits.parse_table("urgent=1", limits.DISPATCH_HOURS)
