"""A published version never changes; editing makes a new version, and the old one is retired."""

import pytest
from django.core.exceptions import ValidationError

from conftest import department, item_spec
from yiwang.services.actions import (
    do_change_draft,
    do_create_item,
    do_draft_version,
    do_publish_version,
    spec_of,
)
from yiwang.services.models import ServiceItemVersion


def test_publishing_makes_the_first_version_current(sole_trader_item):
    version = sole_trader_item.current

    assert version.number == 1 and version.status == ServiceItemVersion.PUBLISHED
    assert [m.name for m in version.materials.all()] == ["经营者身份证明", "经营场所使用证明"]
    assert [s.name for s in version.steps.all()] == ["审查", "决定"]


def test_a_published_version_refuses_changes(sole_trader_item):
    with pytest.raises(ValidationError):
        do_change_draft(sole_trader_item.current, spec=item_spec(name="改名"), actor=None)

    assert sole_trader_item.current.name == "个体工商户设立登记"


def test_a_new_version_replaces_the_old_which_is_kept(sole_trader_item):
    old = sole_trader_item.current
    draft = do_draft_version(sole_trader_item, actor=None)
    spec = spec_of(draft)
    spec["promised_limit"] = 2
    do_change_draft(draft, spec=spec, actor=None)

    do_publish_version(draft, actor=None)

    sole_trader_item.refresh_from_db()
    old.refresh_from_db()
    assert sole_trader_item.current.number == 2 and sole_trader_item.current.promised_limit == 2
    assert old.status == ServiceItemVersion.RETIRED and old.promised_limit == 3
    assert old.materials.count() == 2


def test_an_item_has_one_draft_at_a_time(sole_trader_item):
    assert do_draft_version(sole_trader_item, actor=None) == do_draft_version(sole_trader_item, actor=None)


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"visits": 1}, "visits"),  # depth IV needs no visit
        ({"handling_type": "immediate"}, "promised_limit"),  # on the spot means limit 0
        ({"promised_limit": 20}, "promised_limit"),  # longer than statutory 15
        ({"service_objects": ["7"]}, "service_objects"),
        ({"item_type": "99"}, "item_type"),
        ({"form_fields": [{"key": "a", "label": "A", "kind": "choice"}]}, "form_fields[0].choices"),
        ({"form_fields": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]}, "form_fields[1].key"),
        ({"form_fields": [{"key": "a", "label": "A", "prefill": "nowhere"}]}, "form_fields[0].prefill"),
        ({"materials": [{"name": "x", "source": "mail"}]}, "materials[0].source"),
        ({"steps": [{"name": "审查", "role": "citizen"}]}, "steps[0].role"),
        ({"steps": []}, "steps"),
        ({"themes": ["nope"]}, "themes"),
    ],
)
def test_a_bad_spec_is_refused_by_path_and_nothing_is_written(district, overrides, path):
    with pytest.raises(ValidationError) as caught:
        do_create_item(
            implementation_code="X1", department=department("04"), spec=item_spec(**overrides), actor=None
        )

    assert path in caught.value.message_dict
    assert not ServiceItemVersion.objects.exists()
