"""The 好差评 figures from the feedback app's real actions: a bad review rated, fixed on the spot,
and the rates on the dashboard; the incremental counts still equal the rebuild."""

from django.utils import timezone

from conftest import department
from yiwang.feedback import actions
from yiwang.feedback.models import STAGE_ACCEPT
from yiwang.feedback.stages import CASE, Target
from yiwang.feedback.tests.conftest import accepted_case, bad_review, finished_case, loop  # noqa: F401
from yiwang.insight import counting, kpis


def test_a_bad_review_fixed_on_the_spot_counts(loop, officer, bad_review, li_wei, accepted_case):  # noqa: F811
    actions.do_rate(Target(CASE, accepted_case, STAGE_ACCEPT), level=5, channel_code="4", actor=li_wei)
    actions.do_record_visit(loop, note="已电话回访。", actor=officer)
    actions.do_verify(loop, true=True, note="情况属实。", actor=officer)
    actions.do_fix_on_spot(loop, note="已调整窗口引导。", actor=officer)
    today = timezone.localdate()

    figures = kpis.scope_figures(today, today, [department("04").pk])
    assert (figures["evaluations"], figures["bad_reviews"]) == (2, 1)
    assert figures["good_rate"] == 50.0 and figures["fix_rate"] == 100.0
    assert kpis.channel_volume(today, today)["4"]["evaluations"] == 1
    assert counting.check() == []
