"""The demo catalogue: seeded through the actions, repeatable, large and realistic enough to try."""

import io

import pytest

from yiwang.accounts.models import Department, Role
from yiwang.core.models import Event
from yiwang.services import demo
from yiwang.services.actions import check_spec, do_change_draft, do_draft_version, do_publish_version, spec_of
from yiwang.services.models import (
    FormField,
    HandlingType,
    Material,
    OnlineDepth,
    ProcessStep,
    ServiceItem,
    ServiceItemVersion,
    Theme,
)
from yiwang.testing.world import empty_and_rebuild, require_every_test_of_module


@pytest.fixture(scope="module")
def _catalogue_committed(request, django_db_setup, django_db_blocker):
    """The demo catalogue, seeded once for this module (every test here asks for it) and committed;
    each test rolls back its own changes, and the database is emptied afterwards."""
    require_every_test_of_module(request, "catalogue")
    with django_db_blocker.unblock():
        demo.seed(io.StringIO())
    yield
    with django_db_blocker.unblock():
        empty_and_rebuild()


@pytest.fixture
def catalogue(_catalogue_committed, district):
    """The demo catalogue, published."""


def published():
    return (
        ServiceItemVersion.objects.filter(status=ServiceItemVersion.PUBLISHED)
        .select_related("item__department")
        .prefetch_related("materials", "form_fields", "steps", "themes")
    )


def table_sizes():
    return {
        model.__name__: model.objects.count()
        for model in (ServiceItem, ServiceItemVersion, Material, FormField, ProcessStep, Theme, Event)
    }


def test_seeding_twice_changes_nothing_the_second_time(catalogue):
    before = table_sizes()

    out = io.StringIO()
    demo.seed(out)

    assert table_sizes() == before
    assert out.getvalue() == ""


def test_an_item_edited_since_keeps_its_edits_when_seeded_again(catalogue):
    item = ServiceItem.objects.get(current__name="居民身份证换领")
    draft = do_draft_version(item, actor=None)
    do_change_draft(draft, spec=spec_of(draft) | {"promised_limit": 10}, actor=None)
    do_publish_version(draft, actor=None)

    demo.seed(io.StringIO())

    item.refresh_from_db()
    assert (item.current.number, item.current.promised_limit) == (2, 10)


def test_the_catalogue_spans_the_district(catalogue):
    versions = list(published())

    assert len(versions) >= 60
    assert len({version.item.department_id for version in versions}) >= 12
    assert len({version.name for version in versions}) == len(versions)
    for audience in ("person", "enterprise"):
        themes = Theme.objects.filter(audience=audience)
        assert themes.count() >= 9 and all(theme.name_en for theme in themes)
    assert sum(not version.themes.all() for version in versions) <= 2  # e.g. 政府信息公开申请 fits none
    used = {theme.code for version in versions for theme in version.themes.all()}
    assert used == set(Theme.objects.values_list("code", flat=True))  # no theme stays empty


def test_every_item_holds_together(catalogue):
    for version in published():
        check_spec(spec_of(version))  # raises on any inconsistency
        department = version.item.department
        assert len(version.item.implementation_code) == 24
        assert version.item.implementation_code.startswith(department.credit_code)
        assert version.legal_basis.startswith("《") and version.summary and version.result_name
        assert version.acceptance_conditions and version.place and version.hours
        assert 3 <= len(version.materials.all()) <= 8, version.name
        assert len(version.form_fields.all()) >= 3, version.name
        if version.statutory_limit is not None:
            assert version.promised_limit <= version.statutory_limit
        if version.handling_type == HandlingType.PROMISED:
            assert version.steps.all(), version.name


def test_every_department_with_items_has_an_enquiry_phone(catalogue):
    departments = Department.objects.filter(service_items__isnull=False).distinct()

    assert departments.count() >= 12
    for department in departments:
        assert department.phone
        assert set(department.service_items.values_list("current__enquiry_phone", flat=True)) == {
            department.phone
        }


def test_the_spread_is_what_a_real_district_reports(catalogue):
    versions = list(published())
    materials = [material for version in versions for material in version.materials.all()]
    fetched = [material for material in materials if material.is_fetched]

    immediate = [v for v in versions if v.handling_type == HandlingType.IMMEDIATE]
    assert 10 <= len(immediate) < len(versions) / 2
    assert all(v.promised_limit == 0 for v in immediate)
    assert sum(v.visits == 1 for v in versions) >= 5
    fully_online = [v for v in versions if v.online_depth == OnlineDepth.FULLY_ONLINE]
    assert len(versions) / 2 < len(fully_online) < len(versions)
    assert all(v.visits == 0 for v in fully_online)
    # 材料精简: a good share of materials is fetched, each naming its certificate or data resource.
    assert len(fetched) >= len(materials) / 4
    assert all(material.source_ref for material in fetched)
    assert {m.source for m in fetched} == {Material.CERTIFICATE, Material.SHARED_DATA}
    assert sum(any(m.is_fetched for m in v.materials.all()) for v in versions) >= len(versions) * 3 / 4
    # Forms prefill what the platform knows, and items of both audiences exist.
    prefilled = {field.prefill for v in versions for field in v.form_fields.all() if field.prefill}
    assert {"applicant.name", "applicant.id_number", "enterprise.credit_code"} <= prefilled
    assert any(v.serves("person") for v in versions) and any(v.serves("enterprise") for v in versions)


def test_sole_trader_registration_is_the_fully_online_item_of_market_supervision(catalogue):
    version = published().get(name="个体工商户设立登记")

    assert version.item.department.code == "500103-04"
    assert version.online_depth == OnlineDepth.FULLY_ONLINE and version.visits == 0
    assert version.handling_type == HandlingType.PROMISED and version.promised_limit == 3
    assert [(step.name, step.role) for step in version.steps.all()] == [
        ("审查", Role.OFFICER),
        ("决定", Role.DEPARTMENT_HEAD),
    ]
