"""The public pages of a department and a service item: counts, 好评率, 差评整改率, comments, fixes."""

import pytest
from django.urls import reverse

from conftest import department
from yiwang.cases.actions import do_accept_case
from yiwang.cases.tests.staff_cases import submit
from yiwang.feedback import actions, statistics
from yiwang.feedback.stages import CASE, Target
from yiwang.feedback.tests.conftest import finish


@pytest.fixture
def rated(sole_trader_item, li_wei, officer, head, supervisor, calendar):
    """Three finished cases of Li Wei, six ratings, each 差评 taken a different way:

    case 1: accept 5 (comment), result 4        case 2: accept 3, result 1 → fixed on the spot
    case 3: accept 2 → explained, result 1 → appeal upheld (excluded)
    Counted: 5, 4, 3, 1, 2 → 5 evaluations, 2 good (40.0%), 2 差评, 1 fixed (50.0%).
    """
    cases = [
        finish(do_accept_case(submit(sole_trader_item, li_wei), actor=officer), officer, head)
        for _ in range(3)
    ]
    levels = [(5, 4), (3, 1), (2, 1)]
    ratings = {}
    for index, (case, (accept, result)) in enumerate(zip(cases, levels, strict=True), start=1):
        for stage, level in (("accept", accept), ("result", result)):
            ratings[(case.pk, stage)] = actions.do_rate(
                Target(CASE, case, stage),
                level=level,
                channel_code="1",
                actor=li_wei,
                comment="受理很快，工作人员耐心。"
                if level == 5
                else ("" if level > 2 else f"第{index}件{stage}"),
            )
    fixed = ratings[(cases[1].pk, "result")].rectification
    actions.do_record_visit(fixed, note="已回访。", actor=officer)
    actions.do_verify(fixed, true=True, note="属实。", actor=officer)
    actions.do_fix_on_spot(fixed, note="已增设引导员，当天生效。", actor=officer)
    explained = ratings[(cases[2].pk, "accept")].rectification
    actions.do_record_visit(explained, note="已回访。", actor=officer)
    actions.do_verify(explained, true=False, note="不属实。", actor=officer)
    actions.do_explain(explained, note="受理在规定时间内完成，已向申请人说明。", actor=officer)
    excluded = ratings[(cases[2].pk, "result")].rectification
    actions.do_appeal(excluded, kind="malicious", reason="恶意差评。", actor=head)
    actions.do_decide_appeal(excluded, uphold=True, note="核实为误评。", actor=supervisor)
    return ratings


def test_figures_on_hand_made_data(rated):
    figures = statistics.figures(statistics.for_department(department("04")))
    assert (figures.total, figures.good, figures.bad, figures.fixed) == (5, 2, 2, 1)
    assert figures.good_rate == 40.0 and figures.fix_rate == 50.0
    assert [count for _label, count in figures.by_level] == [1, 1, 1, 1, 1]


def test_no_evaluations_give_no_rates(db, district):
    figures = statistics.figures(statistics.for_department(department("05")))
    assert figures.total == 0 and figures.good_rate is None and figures.fix_rate is None


def test_department_page_shows_the_figures_masked_comments_and_published_fixes(client, rated, english):
    response = client.get(reverse("feedback:department", kwargs={"code": "500103-04"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        'id="count-total">5<' in page and 'id="good-rate">40.0%<' in page and 'id="fix-rate">50.0%<' in page
    )
    assert "李*" in page and "李伟" not in page
    assert "受理很快，工作人员耐心。" in page
    assert "已增设引导员，当天生效。" in page and "受理在规定时间内完成" in page
    assert "第2件result" in page and "第3件accept" in page
    assert "第3件result" not in page and "核实为误评" not in page  # the excluded review is not shown


def test_item_page_counts_the_items_evaluations(client, rated, sole_trader_item):
    response = client.get(reverse("feedback:item", kwargs={"code": sole_trader_item.code}))
    assert response.status_code == 200 and 'id="count-total">5<' in response.content.decode()


def test_another_departments_page_has_nothing(client, rated):
    page = client.get(reverse("feedback:department", kwargs={"code": "500103-05"})).content.decode()
    assert 'id="count-total">0<' in page and "受理很快" not in page


def test_unknown_department_or_item_is_404(client, db, district):
    assert client.get(reverse("feedback:department", kwargs={"code": "nope"})).status_code == 404
    assert client.get("/feedback/departments/" + "9" * 300 + "/").status_code == 404
    assert client.get("/feedback/items/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/feedback/items/not-a-uuid/").status_code == 404
    assert client.post(reverse("feedback:department", kwargs={"code": "500103-04"})).status_code == 405


def test_the_guide_and_the_department_search_link_to_the_public_pages(client, sole_trader_item):
    guide = client.get(reverse("services:guide", kwargs={"code": sole_trader_item.code})).content.decode()
    assert reverse("feedback:item", kwargs={"code": sole_trader_item.code}) in guide
    search = client.get(reverse("services:search") + "?department=500103-04").content.decode()
    assert reverse("feedback:department", kwargs={"code": "500103-04"}) in search


def test_the_department_page_reads_in_few_queries(client, rated, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("feedback:department", kwargs={"code": "500103-04"}))
