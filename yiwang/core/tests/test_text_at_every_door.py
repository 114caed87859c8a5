"""No text, however odd, makes a write endpoint answer 500, and a refused request changes nothing.

Every URL of the project that takes a POST (found from the URL configuration, so a new endpoint is
fuzzed without being listed here) gets a few dozen bodies of arbitrary Unicode: NUL, the other
controls, lone surrogates (in JSON), combining marks, very long strings and JSON values of the
wrong type, under the field names the project's forms and API schemas use. It runs as the citizen
Li Wei (session and API token), with the SMS gateway's secret and an Open311 key, so that bodies
reach the actions rather than stopping at the door. The people, the case and the ticket are made
once per test; each example is one request and a few counts.
"""

import functools
import json
import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import login

EXAMPLES = 20  # per endpoint: about a hundred endpoints, on both databases in CI (about a minute each)
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SMS_SECRET = "sms-fuzz-secret"
# Ending the session would make the rest of the run anonymous; admin is configuration, not a door.
SKIPPED = re.compile(r"^(admin/|.*logout)")

ODD = [
    "\x00",
    "a\x00b",
    "\x01\x1b[31m",
    "\x7f\x85\x9f",
    "\u202e\ufeff",
    "e\u0301",
    "\r\n\t",
    "x" * 6000,
    "名" * 300,
    "13800000001",
    "2026-12-05",
    "self",
]
FORM_TEXT = st.one_of(st.text(max_size=40), st.sampled_from(ODD))
# JSON can carry a lone surrogate ("\ud800"), which a form-encoded body cannot.
JSON_TEXT = st.one_of(st.text(max_size=40), st.sampled_from([*ODD, "\ud800", "a\udfffb"]))
JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        JSON_TEXT,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(JSON_TEXT, inner, max_size=3)),
    max_leaves=6,
)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _concrete(route, values):
    """A URL for `route`, its parameters filled with the objects made for the run (or a stand-in)."""
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")

    def value(name, converter=""):
        if converter == "int" or name in ("pk", "id", "year", "month"):
            return "1"
        if name == "fmt":
            return "json"
        for needle, code in values.items():
            if needle in route:
                return str(code)
        return str(uuid.UUID(int=7)) if converter == "uuid" else "x"

    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), route)  # regex routes first
    route = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: value(m.group(2), m.group(1) or ""), route)
    return "/" + route


def _field_names():
    """The names the project's forms and API schemas read, and the ones of the standard faces."""
    import importlib
    import pkgutil

    from django import forms

    import yiwang
    from yiwang.api import api

    for module in pkgutil.walk_packages(yiwang.__path__, "yiwang."):
        if module.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(module.name)
    names = set()
    pending = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("yiwang."):
            names.update(getattr(cls, "base_fields", {}))
    schema = api.get_openapi_schema()
    for component in schema.get("components", {}).get("schemas", {}).values():
        names.update(component.get("properties", {}))
    names.update(
        [
            "from",
            "text",
            "description",
            "address_string",
            "service_code",
            "lat",
            "long",
            "attribute[kind]",
            "first_name",
            "last_name",
            "q",
            "id",
            "filters",
            "key",
            "purpose",
            "applicantId",
            "formData",
        ]
    )
    return sorted(names)


SPECIAL = {  # doors whose fields no page or schema names
    "/hotline/sms/": ["from", "text"],
    "/open311/": ["service_code", "description", "address_string", "lat", "long", "first_name", "phone"],
    "/api/3/action/": ["q", "id", "fq", "filters", "limit"],
    "/api/action/": ["q", "id"],
    "/gateway/": ["filters", "key", "page", "page_size"],
    "/govstack/": ["applicantId", "formData", "documentUrls"],
}


@functools.cache
def _openapi():
    from yiwang.api import api

    return api.get_openapi_schema()


def _names_at(client, url, headers):
    """The field names this URL reads: its page's form, its API schema, or the standard's."""
    names = set()
    for prefix, known in SPECIAL.items():
        if url.startswith(prefix):
            names.update(known)
    page = client.get(url, headers=headers)
    if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
        names.update(re.findall(r'name="([^"]+)"', page.content.decode("utf-8", "replace")))
    names.discard("csrfmiddlewaretoken")
    for path, operations in _openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)), url):
            for operation in operations.values():
                for content in operation.get("requestBody", {}).get("content", {}).values():
                    names.update(_properties(content.get("schema", {})))
    return sorted(names)


def _properties(schema):
    ref = schema.get("$ref", "")
    if ref:
        schema = _openapi()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    names = set(schema.get("properties", {}))
    for nested in schema.get("properties", {}).values():
        if "$ref" in nested:
            names |= _properties(nested)
    return names


def _counts():
    from yiwang.bundles.models import BundleCase
    from yiwang.cases.models import Case
    from yiwang.datahub.models import ShareRequest
    from yiwang.feedback.models import Evaluation
    from yiwang.hotline.models import Ticket
    from yiwang.notify.models import Notification
    from yiwang.opendata.models import AccessApplication

    return [
        model.objects.count()
        for model in (Ticket, Case, BundleCase, Evaluation, ShareRequest, AccessApplication, Notification)
    ]


@pytest.fixture
def door(client, calendar, district, li_wei, submitted_case, settings):
    """Li Wei logged in with a token, a ticket of hers, the SMS secret and an Open311 key."""
    from yiwang.accounts.actions import do_issue_api_token
    from yiwang.core.channels import Channel
    from yiwang.hotline.actions import do_create_ticket, do_issue_open311_key

    settings.YIWANG_HOTLINE_SMS_SECRET = SMS_SECRET
    ticket = do_create_ticket(
        kind="help", text="小区门口路灯坏了", channel=Channel.WEB, caller_user=li_wei, caller_phone=""
    )
    login(client, li_wei)
    headers = {
        "Authorization": f"Bearer {do_issue_api_token(li_wei, name='fuzz', actor=None)[1]}",
        "X-Yiwang-Sms-Secret": SMS_SECRET,
    }
    values = {
        "hotline": ticket.code,
        "ticket": ticket.code,
        "requests/": ticket.number,
        "case": submitted_case.code,
        "service": submitted_case.version.item.code,
        "action": "package_show",
    }
    every = [_concrete(route, values) for route in sorted(set(_walk(get_resolver().url_patterns)))]
    every = [url for url in every if not SKIPPED.match(url[1:])]
    urls = [url for url in every if client.post(url, {}, headers=headers).status_code != 405]
    urls = {url: _names_at(client, url, headers) for url in urls}
    return client, headers, urls, do_issue_open311_key("fuzz", actor=None)[1], every


def _check(response, known):
    """No 500; a refusal leaves the counts as they were (`known` holds them, re-read after a success)."""
    assert response.status_code < 500, (response.request["PATH_INFO"], response.content[:300])
    if response.status_code >= 400:
        assert _counts() == known["counts"], response.request["PATH_INFO"]
    else:
        known["counts"] = _counts()


# Plausible values, so that a body passes the checks of its other fields and the odd value in one
# field reaches the action and the database (every other name gets ordinary text).
PLAUSIBLE = {
    "kind": "help",
    "urgency": "normal",
    "level": "5",
    "channel_code": "1",
    "stage": "acceptance",
    "applicant": "self",
    "phone": "13800000001",
    "from": "13800000001",
    "caller_phone": "13800000001",
    "id_number": "11010519491231002X",
    "lat": "29.55",
    "long": "106.57",
    "latitude": 29.55,
    "longitude": 106.57,
    "service_code": "urban",
    "answers": {},
    "guide": {},
    "indicators": [],
    "items": ["身份证复印件"],
    "records": [],
    "mode": "good_rows",
    "page": 1,
}
ORDINARY = "小区门口的路灯坏了"


def _fuzz(client, headers, url, names, open311_key, known):
    ordinary = {name: PLAUSIBLE.get(name, ORDINARY) for name in names}
    as_form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in ordinary.items()}

    @FUZZ
    @given(
        key=st.sampled_from(names),
        odd=st.sampled_from(ODD),
        odd_json=st.sampled_from([*ODD, "\ud800", "a\udfffb"]),
        form=st.dictionaries(st.sampled_from(names), FORM_TEXT, max_size=2),
        body=st.one_of(st.dictionaries(st.sampled_from(names), JSON_VALUE, max_size=2), JSON_VALUE),
        as_json=st.booleans(),
    )
    def post(key, odd, odd_json, form, body, as_json):
        # One field surely odd, the others ordinary or arbitrary: the odd value gets past the checks
        # of the other fields to the action and the database.
        headers["Idempotency-Key"] = uuid.uuid4().hex
        if as_json:
            body = (
                {**ordinary, **body, key: odd + "\ud800"[: odd == "self"]} if isinstance(body, dict) else body
            )
            raw = json.dumps(body)  # ASCII escapes: a lone surrogate travels as "\ud800"
            response = client.post(url, raw, content_type="application/json", headers=headers)
        else:
            response = client.post(
                url, {**as_form, **form, key: odd, "api_key": open311_key}, headers=headers
            )
        _check(response, known)

    return post


def test_write_endpoints_take_any_text_without_failing(door):
    client, headers, urls, open311_key, _every = door
    names = _field_names()
    assert len(urls) > 40  # the discovery found the doors (a broken walk must not pass quietly)

    known = {"counts": _counts()}
    for url, here in urls.items():
        _fuzz(client, headers, url, here or names, open311_key, known)()


def _query_names():
    """The querystring parameters the views and the API read."""
    from pathlib import Path

    import yiwang
    from yiwang.api import api

    names = set()
    for path in Path(yiwang.__path__[0]).rglob("*.py"):
        if "tests" not in path.parts:
            names.update(
                re.findall(r"GET(?:\.get|\.getlist|)[(\[]\s*[\"']([\w\[\].-]+)[\"']", path.read_text("utf-8"))
            )
    for operations in api.get_openapi_schema()["paths"].values():
        for operation in operations.values():
            names.update(p["name"] for p in operation.get("parameters", []) if p.get("in") == "query")
    return sorted(names)


def test_query_parameters_with_nul_never_fail(door):
    """Search boxes and filters: a NUL (which PostgreSQL refuses in text) or odd text is no 500."""
    client, headers, _urls, _key, every = door
    names = _query_names()
    assert {"q", "page"} <= set(names)

    for url in every:
        for odd in ("a\x00b\x01\x1b", "x" * 3000):
            response = client.get(url, dict.fromkeys(names, odd), headers=headers)
            assert response.status_code < 500, (url, odd, response.content[:300])
