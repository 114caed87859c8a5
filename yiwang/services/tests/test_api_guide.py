"""GET /api/v1/services/{code}: the service guide as JSON, with materials, form and steps."""

import pytest


def test_guide_has_every_field_materials_form_and_steps(client, sole_trader_item):
    body = client.get(f"/api/v1/services/{sole_trader_item.code}").json()

    assert body["code"] == str(sole_trader_item.code) and body["version"] == 1
    assert body["name"] == "个体工商户设立登记" and body["aliases"] == ["个体户注册", "办营业执照"]
    assert body["item_type"] == {"code": "01", "label": "行政许可"}
    assert body["statutory_limit"] == 15 and body["promised_limit"] == 3
    assert body["handling_type"]["code"] == "promised" and body["online_depth"]["code"] == "4"
    assert body["service_objects"] == [{"code": "1", "label": "自然人"}]
    assert body["department"]["name"] == "渝中区市场监督管理局"
    assert body["apply_url"] == f"/cases/apply/{sole_trader_item.code}/"

    identity, premises = body["materials"]
    assert identity["source"] == "certificate" and identity["fetched"] is True
    assert premises["source"] == "applicant" and premises["fetched"] is False and premises["copies"] == 1

    fields = {f["key"]: f for f in body["form_fields"]}
    assert (
        fields["operator_id"]["kind"] == "citizen_id"
        and fields["operator_id"]["prefill"] == "applicant.id_number"
    )
    assert fields["business_scope"]["choices"] == ["餐饮服务", "零售", "理发美容"]
    assert fields["trade_name"]["required"] is False
    assert [(s["name"], s["role"], s["limit"]) for s in body["steps"]] == [
        ("审查", "officer", 2),
        ("决定", "department_head", 1),
    ]


def test_labels_follow_the_language_and_content_the_script(client, sole_trader_item):
    english = client.get(f"/api/v1/services/{sole_trader_item.code}", HTTP_ACCEPT_LANGUAGE="en").json()
    hant = client.get(f"/api/v1/services/{sole_trader_item.code}", HTTP_ACCEPT_LANGUAGE="zh-Hant").json()

    assert (
        english["item_type"]["label"] == "Administrative licensing"
        and english["name"] == "个体工商户设立登记"
    )
    assert hant["name"] == "個體工商戶設立登記"


@pytest.mark.parametrize("which", ["draft", "withdrawn"])
def test_drafts_and_withdrawn_items_are_not_found(client, catalogue, which):
    response = client.get(f"/api/v1/services/{catalogue[which].code}")

    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "code", ["6f1c1f7e-0000-4000-8000-000000000000", "not-a-uuid", "1", "%00", "x" * 300]
)
def test_unknown_codes_are_not_found(client, district, code):
    response = client.get(f"/api/v1/services/{code}")

    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_retired_version_is_never_served(client, sole_trader_item, django_capture_on_commit_callbacks):
    from yiwang.services.actions import do_change_draft, do_draft_version, do_publish_version, spec_of

    draft = do_draft_version(sole_trader_item, actor=None)
    do_change_draft(draft, spec={**spec_of(draft), "promised_limit": 1}, actor=None)
    assert (
        client.get(f"/api/v1/services/{sole_trader_item.code}").json()["promised_limit"] == 3
    )  # draft unseen
    do_publish_version(draft, actor=None)

    body = client.get(f"/api/v1/services/{sole_trader_item.code}").json()
    assert body["version"] == 2 and body["promised_limit"] == 1
