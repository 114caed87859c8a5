"""材料精简率 from what was actually fetched, and as the catalogue declares it."""

import pytest

from conftest import department, item_spec, login, sole_trader_answers, upload
from yiwang.cases.actions import do_add_material, do_save_answers, do_start_case, do_submit_case
from yiwang.datahub.certificate_actions import do_issue_certificate
from yiwang.datahub.models import Certificate
from yiwang.datahub.reduction import material_reduction
from yiwang.datahub.tests.cert_factories import cert_type
from yiwang.services.actions import do_create_item, do_publish_version


def _submit(item, citizen, *, upload_all=False):
    case = do_start_case(item, applicant=citizen.person, owner=citizen, actor=citizen)
    for material in item.current.materials.all():
        if material.source == "applicant" or upload_all:
            do_add_material(case, upload=upload(), material=material, actor=citizen)
    do_save_answers(case, answers=sole_trader_answers(), actor=citizen)
    return do_submit_case(case, actor=citizen)


@pytest.fixture
def world(sole_trader_item, li_wei, wang_fang):
    """Li Wei holds the ID card the sole-trader item fetches (its material names "身份证"); Wang Fang
    does not and uploads it; a draft does not count; another item has no materials."""
    kind = cert_type(name="身份证")
    do_issue_certificate(kind, holder=li_wei.person, origin=Certificate.IMPORT)
    _submit(sole_trader_item, li_wei)
    _submit(sole_trader_item, wang_fang, upload_all=True)
    do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)  # a draft
    bare = do_create_item(
        implementation_code="11500103MB0000004X017003",
        department=department("04"),
        spec=item_spec(name="无材料事项", materials=[]),
        actor=None,
    )
    return sole_trader_item, do_publish_version(bare, actor=None).item


def test_the_rate_counts_what_submitted_cases_really_fetched(world):
    sole_trader, bare = world
    rows, overall = material_reduction()
    by_item = {row.item.pk: row for row in rows}
    row = by_item[sole_trader.pk]
    assert (row.cases, row.fetched, row.materials) == (2, 1, 4) and row.rate == 0.25
    assert (row.declared_fetched, row.declared_materials, row.declared_rate) == (1, 2, 0.5)
    empty = by_item[bare.pk]
    assert (empty.cases, empty.rate, empty.declared_rate) == (0, None, None)
    assert (overall.fetched, overall.materials, overall.declared_fetched, overall.declared_materials) == (
        1,
        4,
        1,
        2,
    )
    assert overall.rate == 0.25


def test_the_rate_of_chosen_items_and_of_nothing(world, db):
    sole_trader, bare = world
    rows, overall = material_reduction(items=[bare])
    assert [row.item for row in rows] == [bare] and overall.rate is None
    rows, overall = material_reduction(items=[])
    assert rows == [] and overall.rate is None and overall.declared_rate is None


def test_the_rate_takes_a_few_queries_whatever_the_cases(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        material_reduction()


def test_the_reduction_page_shows_the_numbers(world, client, officer):
    login(client, officer)
    page = client.get("/staff/certificates/reduction/").content.decode()
    assert 'id="overall-rate">25%' in page and 'id="declared-rate">50%' in page
