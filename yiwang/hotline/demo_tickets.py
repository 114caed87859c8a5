"""Demo tickets made from real messages of the shipped data, at every stage of the closed loop."""

import random

from yiwang.accounts.models import User
from yiwang.hotline.models import Category, Ticket

ADDRESSES = [
    "七星岗街道金汤街社区",
    "解放碑街道民族路社区",
    "两路口街道中山三路社区",
    "上清寺街道美专校街社区",
    "菜园坝街道皇冠社区",
    "南纪门街道凤凰台社区",
    "望龙门街道白象街社区",
    "朝天门街道千厮门社区",
    "大溪沟街道人和街社区",
    "化龙桥街道李子坝社区",
    "石油路街道渝州路社区",
]
KINDS = ["complaint", "help", "consultation", "suggestion", "report"]
COUNT = 36


def seed_tickets():
    """Create the demo tickets once (nothing when tickets exist); returns how many were made."""
    from yiwang.hotline import actions
    from yiwang.hotline.demo import DATA, read_csv_gz

    if Ticket.objects.exists():
        return 0
    staff = {
        u.username: u
        for u in User.objects.filter(username__in=["operator", "dispatcher", "officer", "supervisor"])
    }
    operator, dispatcher = staff.get("operator"), staff.get("dispatcher")
    if operator is None or dispatcher is None:
        return 0
    rng = random.Random(12345)
    rows = [r for r in read_csv_gz(DATA / "messages_with_replies_sample.csv.gz") if len(r["留言详情"]) > 40]
    rng.shuffle(rows)
    categories = {c.name: c for c in Category.objects.all()}
    made = 0
    for index, row in enumerate(rows[:COUNT]):
        text = row["留言详情"][:600].replace("A市", "").replace("西地省", "")
        ticket = actions.do_create_ticket(
            kind=KINDS[index % len(KINDS)],
            title=row["留言主题"][:100],
            text=text,
            actor=operator,
            caller_name=rng.choice("张王李赵刘陈杨黄")
            + rng.choice(["建国", "秀英", "志强", "丽", "芳", "伟"]),
            caller_phone=f"139{rng.randrange(10**8):08d}",
            address=f"渝中区{rng.choice(ADDRESSES)}",
            confidential=index % 9 == 4,
        )
        made += 1
        stage = index % 6
        if stage == 0 or not ticket.suggestions:
            continue  # waiting for dispatch
        category = categories.get(ticket.suggestions[0][0])
        department = actions.suggested_department(ticket, category)
        if category is None or department is None:
            continue
        actions.do_dispatch_ticket(ticket, category=category, department=department, actor=dispatcher)
        if stage == 1:
            continue
        actions.do_take_up_ticket(ticket, actor=None)
        if stage == 2:
            continue
        actions.do_answer_ticket(ticket, answer=row["答复意见"][:800], actor=None)
        if stage == 3:
            continue
        satisfaction = Ticket.SATISFIED if stage == 4 else Ticket.BASICALLY_SATISFIED
        actions.do_record_return_visit(ticket, satisfaction=satisfaction, resolved=True, actor=operator)
    return made
