"""Duplicates are suggested from open tickets of the same street and merged; hot issues are clusters."""

from yiwang.hotline.actions import do_answer_ticket, do_dispatch_ticket, do_merge_ticket, do_take_up_ticket
from yiwang.hotline.duplicates import hot_issues, similar_answers, similar_open_tickets
from yiwang.hotline.models import Ticket
from yiwang.hotline.tests.conftest import department, make_ticket
from yiwang.notify.models import Notification


def test_same_problem_same_street_is_suggested(ticket, operator):
    again = make_ticket(
        operator,
        title="解放碑餐馆卖过期食品",
        caller_phone="13900000007",
        text="民族路餐馆用过期食材做菜，商家不退款，请查处。",
    )
    elsewhere = make_ticket(
        operator, title="解放碑某餐馆卖过期食品", address="石油路街道渝州路", caller_phone="13900000006"
    )
    other = make_ticket(
        operator, title="小区电梯坏了", text="民族路一栋楼电梯坏了一周没人修。", caller_phone="13900000005"
    )

    found = [t for _score, t in similar_open_tickets(again)]

    assert ticket in found and elsewhere not in found and other not in found


def test_merged_ticket_gets_the_masters_answer(ticket, operator, dispatcher, officer, categories):
    duplicate = make_ticket(operator, title="解放碑餐馆卖过期食品", caller_phone="13900000007")
    do_merge_ticket(duplicate, master=ticket, actor=dispatcher)
    do_dispatch_ticket(ticket, category=categories["商贸旅游"], department=department("04"), actor=dispatcher)
    do_take_up_ticket(ticket, actor=officer)
    do_answer_ticket(ticket, answer="已查处。", actor=officer)

    duplicate.refresh_from_db()
    assert duplicate.status == Ticket.MERGED and duplicate.master == ticket and duplicate.answer == "已查处。"
    sms = Notification.objects.filter(medium="sms", object_id=str(duplicate.pk)).latest("id")
    assert sms.address == "13900000007" and "已查处。" in sms.body
    assert duplicate not in [t for _s, t in similar_open_tickets(ticket)]


def test_merge_refusals(ticket, dispatched, operator, dispatcher):
    import pytest
    from django.core.exceptions import ValidationError

    fresh = make_ticket(operator, title="另一件")
    with pytest.raises(ValidationError):
        do_merge_ticket(fresh, master=fresh, actor=dispatcher)
    with pytest.raises(ValidationError):
        do_merge_ticket(dispatched, master=fresh, actor=dispatcher)
    fresh.refresh_from_db()
    assert fresh.status == Ticket.RECEIVED


def test_hot_issues_group_tickets_of_one_problem_and_place(ticket, operator):
    for phone in ("13900000001", "13900000002"):
        make_ticket(operator, title="解放碑餐馆卖过期食品", caller_phone=phone)
    make_ticket(operator, title="小区电梯坏了", text="电梯坏了一周没人修。")

    hot = hot_issues()

    assert hot[0]["count"] == 3 and hot[0]["street"].name == "解放碑街道"


def test_knowledge_base_offers_similar_answers(db):
    from yiwang.hotline.demo import seed_knowledge
    from yiwang.hotline.models import KnowledgeEntry

    seed_knowledge(limit=50)
    entry = KnowledgeEntry.objects.first()

    found = similar_answers(entry.title, entry.question)

    assert found and found[0][1] == entry.title and found[0][3] == entry.reply


def test_hot_issues_command_clusters_a_csv(tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "votes.csv"
    path.write_text(
        "留言主题,留言详情\n"
        "伊景园滨河苑捆绑销售车位,开发商捆绑销售车位\n"
        "关于伊景园滨河苑捆绑销售车位的投诉,捆绑销售车位违法\n"
        "小区门口垃圾没人清理,垃圾堆积\n",
        encoding="utf-8",
    )

    call_command("hotline", "hot-issues", str(path), "--top", "1")

    out = capsys.readouterr().out
    assert "3 messages, 2 groups" in out and "   2  伊景园滨河苑捆绑销售车位" in out


def test_a_hot_issue_title_shows_no_personal_data(ticket, operator):
    for phone in ("13900000001", "13900000002"):
        make_ticket(operator, title="我叫王芳，5栋2单元301室楼上漏水", caller_phone=phone)

    hot = hot_issues()

    title = next(h["title"] for h in hot if h["count"] >= 2 and "漏水" in h["title"])
    assert "王芳" not in title and "301" not in title and "楼上漏水" in title
