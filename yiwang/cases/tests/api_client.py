"""What the API tests of cases share: bearer tokens for the personas and a JSON client around them."""

import json

from conftest import department, item_spec


def bearer(user):
    """Headers of an app holding an API token of `user`."""
    from yiwang.accounts.actions import do_issue_api_token

    _token, clear = do_issue_api_token(user, name="test app", actor=None)
    return {"Authorization": f"Bearer {clear}", "Accept-Language": "en"}


class ApiClient:
    """The Django test client speaking JSON with one user's token."""

    def __init__(self, client, user):
        self.client, self.headers = client, bearer(user) if user is not None else {"Accept-Language": "en"}

    def _send(self, method, url, data=None, headers=None, raw=None):
        body = raw if raw is not None else (json.dumps(data) if data is not None else "")
        return getattr(self.client, method)(
            url, body, content_type="application/json", headers={**self.headers, **(headers or {})}
        )

    def get(self, url, params=None):
        return self.client.get(url, params or {}, headers=self.headers)

    def post(self, url, data=None, **kwargs):
        return self._send("post", url, data, **kwargs)

    def put(self, url, data=None, **kwargs):
        return self._send("put", url, data, **kwargs)

    def upload(self, url, data):
        return self.client.post(url, data, headers=self.headers)


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error


def fetched_only_item(code="11500103MB0000004X017009", **overrides):
    """An item whose only material is fetched (数据跑路): it can be applied for in one JSON request."""
    from yiwang.services.actions import do_create_item, do_publish_version

    spec = item_spec(
        materials=[
            {
                "name": "经营者身份证明",
                "source": "certificate",
                "source_ref": "身份证",
                "required": True,
                "format": "electronic",
                "originals": 1,
            }
        ],
        **overrides,
    )
    version = do_create_item(implementation_code=code, department=department("04"), spec=spec, actor=None)
    return do_publish_version(version, actor=None).item
