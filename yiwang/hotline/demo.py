"""The hotline's part of the demo district: categories mapped to departments, the knowledge base,
and a few dozen tickets made from real messages, taken through the closed loop by the personas."""

import csv
import gzip
import io
from pathlib import Path

from django.db import transaction

from yiwang.accounts.models import Department
from yiwang.hotline.models import Category, KnowledgeEntry

DATA = Path(__file__).resolve().parent / "data"
REGION = "500103"

CATEGORIES = [
    # code (Open311 service_code), name (classifier class), department code suffix, local to the street, description
    ("urban-construction", "城乡建设", "08", True, "住房、物业、小区、拆迁安置、市政设施、城市管理等问题"),
    ("labour-social-security", "劳动和社会保障", "05", False, "工资拖欠、社保、医保、就业、退休待遇等问题"),
    ("education-culture-sports", "教育文体", "11", False, "学校、招生、教师、培训机构、文化体育设施等问题"),
    ("commerce-tourism", "商贸旅游", "04", False, "消费纠纷、商家经营、价格、市场秩序、旅游等问题"),
    ("environment", "环境保护", "09", False, "噪声、油烟、污水、废气、垃圾污染等问题"),
    ("health", "卫生计生", "07", False, "医院、医疗服务、计划生育、公共卫生等问题"),
    ("transport", "交通运输", "10", False, "公交、出租车、道路、停车、交通设施等问题"),
]


def seed_categories():
    """The seven first-level categories of the training data, each mapped to its usual department."""
    from yiwang.hotline.actions import do_save_category

    out = []
    for order, (code, name, suffix, local, description) in enumerate(CATEGORIES, start=1):
        existing = Category.objects.filter(code=code).first()
        out.append(
            existing
            or do_save_category(
                actor=None,
                code=code,
                name=name,
                description=description,
                sort_order=order,
                local_to_street=local,
                department=Department.objects.get(code=f"{REGION}-{suffix}"),
            )
        )
    return out


def read_csv_gz(path):
    return list(csv.DictReader(io.StringIO(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))))


def seed_knowledge(limit=None):
    """Past messages with their official replies (a sample of messages_with_replies.csv)."""
    from yiwang.hotline.similarity import keywords

    if KnowledgeEntry.objects.exists():
        return 0
    rows = read_csv_gz(DATA / "messages_with_replies_sample.csv.gz")[:limit]
    with transaction.atomic():
        KnowledgeEntry.objects.bulk_create(
            [
                KnowledgeEntry(
                    title=r["留言主题"][:200],
                    question=r["留言详情"],
                    reply=r["答复意见"],
                    source=f"messages_with_replies {r['留言编号']}",
                    keywords=keywords(r["留言主题"], r["留言详情"])[:200],
                )
                for r in rows
            ]
        )
    return len(rows)


def seed(out):
    from yiwang.hotline.demo_tickets import seed_tickets

    seed_categories()
    added = seed_knowledge()
    tickets = seed_tickets()
    out.write(
        f"Hotline: {Category.objects.count()} categories, {added} knowledge entries added, "
        f"{tickets} demo tickets added."
    )
