"""Make the redaction test corpus: real citizen messages with personal data planted in varied forms.

    python tools/redaction_corpus.py /work/shared/data/messages/messages_labelled.csv \
        > yiwang/core/tests/data/redaction_corpus.jsonl

Each line is {"text": ..., "planted": [{"kind": ..., "value": ...}, ...]}. The messages are a
seeded sample of the Teddy Cup messages (see yiwang/core/tests/data/SOURCE.md); every ID, phone,
card, plate, e-mail, flat and name in the plants is invented here.
"""

import csv
import json
import random
import sys

SIZE = 150
SEED = 21
AREAS = ["500103", "500104", "500105", "430102", "110105", "310115", "510107"]
SURNAMES = (
    "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰飞鹏辉婷雪梅琳晨宇浩然"
ROADS = ["民族路", "解放西路", "中山三路", "五一路", "人民大道", "八一路", "建设南路", "长江二路"]
DOMAINS = ["qq.com", "163.com", "126.com", "example.com", "sina.com.cn"]
PROVINCES = "京津沪渝冀豫云辽湘皖鲁苏浙鄂川粤"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def citizen_id(rng):
    body = (
        rng.choice(AREAS)
        + f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(0, 999):03d}"
    )
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]
    return body + check


def spaced(rng, digits, groups):
    """The digits cut into groups joined by a space or a dash, as people type them."""
    sep = rng.choice([" ", "-", " "])
    out, start = [], 0
    for size in groups:
        out.append(digits[start : start + size])
        start += size
    if start < len(digits):
        out.append(digits[start:])
    return sep.join(out)


def plant_id(rng):
    value = citizen_id(rng)
    form = rng.randrange(5)
    if form == 1:
        value = value[:-1] + "x" if value.endswith("X") else spaced(rng, value, [6, 8, 4])
    elif form == 2:
        value = spaced(rng, value, [4, 4, 4, 4])
    elif form == 3:
        value = value[:6] + value[8:17]  # a 15-digit ID of the old kind
    label = rng.choice(["身份证号", "身份证", "身份证号码：", "证件号", "身份证号是"])
    return f"{label}{value}", value


def plant_mobile(rng):
    digits = rng.choice("3456789")
    value = "1" + digits + "".join(rng.choice("0123456789") for _ in range(9))
    form = rng.randrange(6)
    shown = [
        value,
        "+86" + value,
        "+86 " + spaced(rng, value, [3, 4, 4]),
        "0086" + value,
        spaced(rng, value, [3, 4, 4]),
        value,
    ][form]
    label = rng.choice(["电话", "手机", "联系电话：", "我的手机号是", "请回电", "有事打"])
    return f"{label}{shown}", shown


def plant_fixed(rng):
    area = rng.choice(["023", "010", "0731", "028", "021"])
    local = str(rng.randint(2, 8)) + "".join(rng.choice("0123456789") for _ in range(7))
    shown = rng.choice(
        [
            f"{area}-{local}",
            f"({area}){local}",
            f"（{area}）{local[:4]} {local[4:]}",
            f"{area} {local[:4]} {local[4:]}",
            f"+86 {area[1:]} {local}",
        ]
    )
    label = rng.choice(["座机", "家里电话", "单位电话", "电话"])
    return f"{label}{shown}", shown


def plant_email(rng):
    user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 8)))
    user += str(rng.randint(1, 9999)) if rng.random() < 0.6 else ""
    value = f"{user}@{rng.choice(DOMAINS)}"
    return f"{rng.choice(['邮箱', '电子邮件', '回复到邮箱'])}{value}", value


def plant_plate(rng):
    tail = "".join(rng.choice("0123456789") for _ in range(5))
    value = rng.choice(
        [
            f"{rng.choice(PROVINCES)}{rng.choice(LETTERS)}{tail}",
            f"{rng.choice(PROVINCES)}{rng.choice(LETTERS)}{rng.choice('DF')}{tail}",  # new energy
            f"{rng.choice(PROVINCES)}{rng.choice(LETTERS)}·{rng.choice(LETTERS)}{tail[:4]}",
        ]
    )
    return f"{rng.choice(['车牌', '车牌号', '我的车', '车牌号码为'])}{value}", value


def plant_flat(rng):
    road = rng.choice(ROADS)
    building, unit, room = rng.randint(1, 30), rng.randint(1, 6), rng.randint(1, 32) * 100 + rng.randint(1, 6)
    value = rng.choice(
        [
            f"{rng.randint(1, 300)}号{unit}单元{room}",
            f"{building}栋{unit}单元{room}室",
            f"{building}-{unit}-{room}",
            f"{room}室",
            f"{building}号楼{unit}单元{room}",
            f"{building}幢{room}",
        ]
    )
    return f"{rng.choice(['家住', '住在', '我家在', '地址：'])}{road}{value}", value


def plant_card(rng):
    digits = rng.choice(["6222", "6217", "6228", "6214"]) + "".join(
        rng.choice("0123456789") for _ in range(rng.choice([12, 15]))
    )
    shown = rng.choice([digits, spaced(rng, digits, [4, 4, 4, 4])])
    return f"{rng.choice(['银行卡号', '补贴打到卡号', '工资卡'])}{shown}", shown


def plant_name(rng):
    value = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    return f"{rng.choice(['我叫', '本人', '我是', '姓名：', '姓名'])}{value}", value


PLANTS = {
    "id": plant_id,
    "mobile": plant_mobile,
    "fixed": plant_fixed,
    "email": plant_email,
    "plate": plant_plate,
    "flat": plant_flat,
    "card": plant_card,
    "name": plant_name,
}


def main(path):
    rng = random.Random(SEED)
    with open(path, encoding="utf-8") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["text_kind"] == "title+body" and len(r["留言详情"]) > 30
        ]
    for row in rng.sample(rows, SIZE):
        body = row["留言详情"].strip()[:160]
        kinds = rng.sample(sorted(PLANTS), rng.randint(1, 3))
        planted, phrases = [], []
        for kind in kinds:
            phrase, value = PLANTS[kind](rng)
            phrases.append(phrase)
            planted.append({"kind": kind, "value": value})
        head = [p for p in phrases if p.startswith(("我叫", "本人", "我是", "姓名"))]
        tail = [p for p in phrases if p not in head]
        text = "，".join(head + [body] if head else [body]) + (
            ("，" + "，".join(tail) + "。") if tail else ""
        )
        print(json.dumps({"text": text, "planted": planted}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
