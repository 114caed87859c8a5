"""The demo data hub: the data element registry, 27 resources of the demo departments, and their
records, synthetic but consistent: one seeded population of about 3,000 people and 400 enterprises,
so that the same person is in 人口基础信息, 婚姻登记信息, 社保参保信息, 出生医学证明信息 ... and the
same enterprise in 法人基础信息, 营业执照信息 and 食品经营许可证信息. The demo citizens 李伟 and 王芳
(accounts/demo.py) and 李伟's restaurant company are among them, so 数据跑路 finds their data.

Records go in through the real ingest (`do_import_rows`, source "demo"), so they are checked like
any upload. Safe to run again: existing elements and resources are kept, a resource that already
has records is not loaded again.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from yiwang.accounts.demo import CITIZENS, REGION
from yiwang.accounts.models import Department
from yiwang.core.identifiers import USCC_ALPHABET, make_citizen_id, make_credit_code
from yiwang.datahub.actions import do_check_staleness, do_import_rows, do_save_data_element, do_save_resource
from yiwang.datahub.demo_registry import ELEMENTS, RESOURCES
from yiwang.datahub.models import DataElement, DataItem, ImportBatch, Resource

SEED = 20261126
PEOPLE = 3000
ENTERPRISES = 400
TODAY = datetime.date(2026, 11, 1)  # the demo's "now" for the dates inside records: same data every run

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭"
    "陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严"
)
GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 华 玉兰 萍 红 建华 文 辉 鑫 宇 浩 欣 怡 梓涵 "
    "子轩 雨 婷 晨 思 佳 俊 博 鹏 飞 兰 燕 琳 晓 颖 倩 斌 波 亮 林 峰 洁 瑶 雪 嘉 梦 诗涵 宁 凯 旭 阳 小龙 志强 海燕"
).split()
REGIONS = ["500103"] * 8 + [
    "500104",
    "500105",
    "500106",
    "500107",
    "500108",
    "500112",
    "500101",
    "510104",
    "510107",
    "420102",
    "430102",
    "522601",
]
STREETS = [
    "七星岗街道",
    "解放碑街道",
    "两路口街道",
    "上清寺街道",
    "菜园坝街道",
    "南纪门街道",
    "望龙门街道",
    "朝天门街道",
    "大溪沟街道",
    "化龙桥街道",
    "石油路街道",
]
ROADS = [
    "民族路",
    "解放西路",
    "中山三路",
    "中山四路",
    "上清寺路",
    "两路口新村",
    "大坪正街",
    "石油路",
    "嘉陵桥路",
    "人和街",
    "和平路",
    "民生路",
    "八一路",
    "较场口",
    "临江路",
    "长江一路",
    "长江二路",
    "菜园坝路",
    "新华路",
    "邹容路",
]
HOSPITALS = [
    "重庆医科大学附属第一医院",
    "重庆市人民医院",
    "渝中区人民医院",
    "重庆市妇幼保健院",
    "陆军特色医学中心",
    "渝中区妇幼保健院",
]
CLINICS = [
    "渝中区七星岗街道社区卫生服务中心",
    "渝中区解放碑街道社区卫生服务中心",
    "渝中区两路口街道社区卫生服务中心",
    "渝中区大坪街道社区卫生服务中心",
]
SCHOOLS = {
    "80": ["渝中区人和街小学", "重庆市巴蜀小学", "渝中区中华路小学"],
    "70": ["重庆市巴蜀中学校", "重庆市第二十九中学校", "重庆市复旦中学"],
    "60": ["重庆市巴蜀中学校", "重庆市求精中学校", "重庆市第四十一中学校"],
    "30": ["重庆城市管理职业学院", "重庆电子工程职业学院"],
    "20": ["重庆大学", "西南大学", "重庆师范大学", "重庆医科大学"],
    "10": ["重庆大学", "西南大学"],
}
TRADES = [
    ("餐饮有限公司", "餐饮服务；食品销售", True),
    ("商贸有限公司", "日用百货、服装鞋帽销售", False),
    ("科技有限公司", "软件开发；信息技术咨询服务", False),
    ("建筑工程有限公司", "房屋建筑工程施工", False),
    ("火锅店", "餐饮服务", True),
    ("超市有限公司", "食品销售；日用百货销售", True),
    ("文化传媒有限公司", "组织文化艺术交流活动", False),
    ("物业管理有限公司", "物业管理", False),
    ("茶餐厅有限公司", "餐饮服务", True),
    ("医药连锁有限公司", "药品零售；食品销售", True),
]
BRANDS = "山城 渝州 嘉陵 朝天 解放碑 鹅岭 山海 巴渝 长江 两江 渝信 红岩 南山 佛图 金汤 通远".split()
VACCINES = [
    ("乙肝疫苗", 3),
    ("卡介苗", 1),
    ("脊灰疫苗", 4),
    ("百白破疫苗", 4),
    ("麻腮风疫苗", 2),
    ("乙脑减毒活疫苗", 2),
]
STATIONS = ["解放碑", "两路口", "大坪", "上清寺"]
SUBJECTS = ["语文", "数学", "英语", "物理", "音乐", "美术"]


def _date(value):
    return value.isoformat()


def _between(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))


class Population:
    """The seeded synthetic district: people (the demo citizens among them) and enterprises."""

    def __init__(self, people=PEOPLE, enterprises=ENTERPRISES):
        self.rng = random.Random(SEED)
        self.people, self.enterprises = [], []
        self._ids = set()
        self._make_demo_citizens()
        while len(self.people) < people:
            self._add_person()
        self._make_families()
        self._make_enterprises(enterprises)

    def _name(self, surname=None):
        return (surname or self.rng.choice(SURNAMES)) + self.rng.choice(GIVEN)

    def _id_number(self, region, birth, male):
        while True:
            sequence = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            number = make_citizen_id(f"{region}{birth:%Y%m%d}{sequence:03d}")
            if number not in self._ids:
                self._ids.add(number)
                return number

    def _address(self):
        rng = self.rng
        return f"重庆市渝中区{rng.choice(ROADS)}{rng.randrange(1, 300)}号{rng.randrange(1, 30)}-{rng.randrange(1, 8)}"

    def _phone(self):
        return f"1{self.rng.choice('3578')}{self.rng.randrange(0, 10**9):09d}"

    def _person(self, name, id_number, birth, male, phone=None, region="500103"):
        rng = self.rng
        person = {
            "id": id_number,
            "name": name,
            "birth": birth,
            "male": male,
            "region": region,
            "phone": phone or self._phone(),
            "address": self._address(),
            "street": rng.choice(STREETS),
            "ethnicity": "01" if rng.random() < 0.93 else rng.choice(["03", "06", "15", "12", "07"]),
            "household": "1" if rng.random() < 0.9 else "2",
            "spouse": None,
            "children": [],
            "parents": [],
            "dead": False,
        }
        age = (TODAY - birth).days // 365
        person["age"] = age
        person["education"] = (
            "80"
            if age < 12
            else "70"
            if age < 15
            else "60"
            if age < 18
            else rng.choice(["20", "20", "30", "60", "70", "10", "40"])
        )
        self.people.append(person)
        return person

    def _make_demo_citizens(self):
        for _key, name, id17, phone in CITIZENS:
            number = make_citizen_id(id17)
            self._ids.add(number)
            birth = datetime.date(int(id17[6:10]), int(id17[10:12]), int(id17[12:14]))
            person = self._person(name, number, birth, int(id17[16]) % 2 == 1, phone=phone)
            person.update(education="20", household="1", demo=True)
        li_wei, wang_fang = self.people[0], self.people[1]
        # 李伟 is married with a daughter; 王芳 is unmarried and registered as unemployed.
        wife = self._person(
            "张丽",
            self._id_number("500106", datetime.date(1990, 6, 8), False),
            datetime.date(1990, 6, 8),
            False,
        )
        li_wei["spouse"], wife["spouse"] = wife, li_wei
        daughter = self._person(
            "李小雨",
            self._id_number("500103", datetime.date(2021, 4, 16), False),
            datetime.date(2021, 4, 16),
            False,
        )
        daughter["parents"] = [li_wei, wife]
        li_wei["children"].append(daughter)
        wife["children"].append(daughter)
        wang_fang["unemployed"] = True

    def _add_person(self):
        rng = self.rng
        birth = _between(rng, datetime.date(1938, 1, 1), datetime.date(2025, 12, 31))
        male = rng.random() < 0.5
        region = rng.choice(REGIONS)
        return self._person(self._name(), self._id_number(region, birth, male), birth, male, region=region)

    def _make_families(self):
        rng = self.rng
        adults = [p for p in self.people[3:] if p["age"] >= 22 and p["spouse"] is None]
        rng.shuffle(adults)
        men = [p for p in adults if p["male"]]
        women = [p for p in adults if not p["male"]]
        for man, woman in zip(men[: int(len(men) * 0.6)], women, strict=False):
            man["spouse"], woman["spouse"] = woman, man
            man["married_on"] = woman["married_on"] = _between(
                rng, max(man["birth"], woman["birth"]) + datetime.timedelta(days=22 * 366), TODAY
            )
            if rng.random() < 0.08:
                man["divorced"] = woman["divorced"] = True
        for person in self.people[3:]:
            if person["age"] < 16 and not person["parents"]:
                couples = [p for p in men if p["spouse"] is not None and 22 < p["age"] - person["age"] < 45]
                if couples:
                    father = rng.choice(couples[:60])
                    person["parents"] = [father, father["spouse"]]
                    father["children"].append(person)
                    father["spouse"]["children"].append(person)
                    person["name"] = father["name"][0] + person["name"][1:]
        for person in self.people[3:]:
            if person["age"] > 75 and rng.random() < 0.12:
                person["dead"] = True
                person["died_on"] = _between(rng, TODAY - datetime.timedelta(days=700), TODAY)

    def _make_enterprises(self, count):
        rng = self.rng
        owner = self.people[0]
        self.enterprises.append(
            {
                "code": make_credit_code("91500103MA5U7Y3K2"),
                "name": "重庆渝中山城小面餐饮有限公司",
                "legal": owner["name"],
                "type": "1100",
                "scope": "餐饮服务；食品销售",
                "food": True,
                "founded": datetime.date(2019, 5, 20),
                "capital": "50",
                "status": "1",
                "address": "重庆市渝中区民族路88号附3号",
            }
        )
        adults = [p for p in self.people if 25 <= p["age"] <= 65]
        used = {self.enterprises[0]["code"]}
        while len(self.enterprises) < count:
            suffix, scope, food = rng.choice(TRADES)
            name = f"重庆{rng.choice(BRANDS)}{rng.choice(BRANDS)}{suffix}"
            code = make_credit_code("91500103MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(7)))
            if code in used or any(e["name"] == name for e in self.enterprises):
                continue
            used.add(code)
            self.enterprises.append(
                {
                    "code": code,
                    "name": name,
                    "legal": rng.choice(adults)["name"],
                    "type": rng.choice(["1100", "1100", "1100", "1200", "4100", "4500"]),
                    "scope": scope,
                    "food": food,
                    "founded": _between(rng, datetime.date(2003, 1, 1), TODAY),
                    "capital": str(rng.choice([10, 30, 50, 100, 200, 500, 1000])),
                    "status": "1" if rng.random() < 0.9 else rng.choice(["2", "3"]),
                    "address": self._address(),
                }
            )


def _rows(population):
    """Every resource's rows, by resource name (lists of {item key: value})."""
    rng = random.Random(SEED + 1)
    people, enterprises = population.people, population.enterprises
    alive = [p for p in people if not p["dead"]]
    adults = [p for p in alive if p["age"] >= 18]
    li_wei, wang_fang = people[0], people[1]
    restaurant = enterprises[0]
    rows = {name: [] for name in (r[1] for r in RESOURCES)}

    for p in people:
        rows["人口基础信息"].append(
            {
                "id_number": p["id"],
                "name": p["name"],
                "sex": "1" if p["male"] else "2",
                "birth_date": _date(p["birth"]),
                "ethnicity": p["ethnicity"],
                "education": p["education"],
                "household_type": p["household"],
                "region": p["region"],
                "address": p["address"],
                "phone": p["phone"] if p["age"] >= 16 else "",
            }
        )
        if p["region"] != "500103" and not p["dead"] and p["age"] >= 16 and rng.random() < 0.5:
            since = _between(rng, TODAY - datetime.timedelta(days=1500), TODAY)
            rows["流动人口居住登记信息"].append(
                {
                    "id_number": p["id"],
                    "name": p["name"],
                    "address": p["address"],
                    "registered_on": _date(since),
                    "valid_until": _date(since + datetime.timedelta(days=365 * 3)),
                    "origin": p["region"],
                }
            )

    for p in adults:
        spouse = p["spouse"]
        if spouse is not None:
            divorced = p.get("divorced")
            married_on = p.get("married_on") or datetime.date(2017, 9, 9)
            rows["婚姻登记信息"].append(
                {
                    "id_number": p["id"],
                    "name": p["name"],
                    "marital_status": "40" if divorced else "20",
                    "act": "2" if divorced else "1",
                    "spouse_name": spouse["name"],
                    "spouse_id": spouse["id"],
                    "registered_on": _date(married_on),
                    "certificate_no": f"J500103-{married_on.year}-{rng.randrange(1, 99999):06d}",
                }
            )
        elif p is wang_fang or rng.random() < 0.3:
            rows["婚姻登记信息"].append({"id_number": p["id"], "name": p["name"], "marital_status": "10"})

    employers = [e for e in enterprises if e["status"] == "1"]
    for p in adults:
        working = 18 <= p["age"] < 60 and not p.get("unemployed")
        if p is li_wei:
            employer = restaurant
        else:
            employer = rng.choice(employers) if working and rng.random() < 0.75 else None
        since = max(p["birth"] + datetime.timedelta(days=20 * 366), datetime.date(1995, 1, 1))
        if employer is not None:
            for insurance in ("110", "210", "410"):
                rows["社保参保信息"].append(
                    {
                        "id_number": p["id"],
                        "insurance": insurance,
                        "name": p["name"],
                        "status": "1",
                        "employer_code": employer["code"],
                        "employer": employer["name"],
                        "since": _date(since),
                        "months": min((TODAY - since).days // 30, 480),
                    }
                )
        elif p["age"] >= 60:
            rows["社保参保信息"].append(
                {
                    "id_number": p["id"],
                    "insurance": "110",
                    "name": p["name"],
                    "status": "3",
                    "since": _date(since),
                    "months": rng.randrange(180, 480),
                }
            )
        elif p is wang_fang:
            rows["社保参保信息"].append(
                {
                    "id_number": p["id"],
                    "insurance": "110",
                    "name": p["name"],
                    "status": "2",
                    "employer": "重庆嘉陵文化传媒有限公司",
                    "since": "2015-07-01",
                    "months": 120,
                }
            )
        if 18 <= p["age"] < 60:
            unemployed = p.get("unemployed") or (employer is None and rng.random() < 0.3)
            registered = _between(rng, TODAY - datetime.timedelta(days=900), TODAY)
            rows["就业失业登记信息"].append(
                {
                    "id_number": p["id"],
                    "name": p["name"],
                    "status": "2" if unemployed else "1",
                    "registered_on": _date(registered),
                    "employer": "" if unemployed or employer is None else employer["name"],
                    "card_no": f"5001030{registered.year}{rng.randrange(0, 10**6):06d}",
                }
            )

    for p in alive:
        insurance = "310" if 18 <= p["age"] < 60 and rng.random() < 0.6 else "390"
        rows["医保参保信息"].append(
            {
                "id_number": p["id"],
                "name": p["name"],
                "insurance": insurance,
                "status": "1",
                "since": _date(max(p["birth"], datetime.date(2008, 1, 1))),
            }
        )
        if rng.random() < 0.35 or p is li_wei:
            for _ in range(rng.randrange(1, 3)):
                settled = _between(rng, TODAY - datetime.timedelta(days=400), TODAY)
                total = rng.randrange(80, 30000)
                kind = rng.choice(["11", "11", "11", "14", "21"])
                rows["医保结算信息"].append(
                    {
                        "settlement_no": f"JS{settled:%Y%m%d}{len(rows['医保结算信息']):07d}",
                        "id_number": p["id"],
                        "name": p["name"],
                        "kind": kind,
                        "institution": rng.choice(HOSPITALS + CLINICS),
                        "total": f"{total}.{rng.randrange(0, 100):02d}",
                        "fund_paid": f"{int(total * 0.7)}.00",
                        "settled_on": _date(settled),
                    }
                )

    for child in (p for p in people if p["parents"]):
        number = f"{'Q' if child['birth'].year >= 2014 else 'P'}500{rng.randrange(0, 10**6):06d}"
        institution = rng.choice(HOSPITALS)
        for relation, parent in zip(("1", "2"), child["parents"], strict=False):
            rows["出生医学证明信息"].append(
                {
                    "certificate_no": number,
                    "parent_id": parent["id"],
                    "relation": relation,
                    "parent_name": parent["name"],
                    "child_name": child["name"],
                    "child_sex": "1" if child["male"] else "2",
                    "child_birth_date": _date(child["birth"]),
                    "institution": institution,
                }
            )
        if child["age"] <= 6:
            for vaccine, doses in VACCINES:
                for dose in range(1, doses + 1):
                    day = child["birth"] + datetime.timedelta(days=30 * dose * (2 if dose > 1 else 1))
                    if day <= TODAY:
                        rows["预防接种信息"].append(
                            {
                                "id_number": child["id"],
                                "vaccine": vaccine,
                                "dose": dose,
                                "name": child["name"],
                                "vaccinated_on": _date(day),
                                "institution": rng.choice(CLINICS),
                            }
                        )

    for p in (p for p in people if p["dead"]):
        rows["死亡医学证明信息"].append(
            {
                "id_number": p["id"],
                "name": p["name"],
                "sex": "1" if p["male"] else "2",
                "died_on": _date(p["died_on"]),
                "institution": rng.choice(HOSPITALS),
                "certificate_no": f"SW{p['died_on']:%Y}{rng.randrange(0, 10**6):06d}",
            }
        )
        rows["殡葬服务信息"].append(
            {
                "id_number": p["id"],
                "name": p["name"],
                "cremated_on": _date(p["died_on"] + datetime.timedelta(days=3)),
                "funeral_home": "重庆市石桥铺殡仪馆",
                "certificate_no": f"HH{p['died_on']:%Y}{rng.randrange(0, 10**6):06d}",
            }
        )

    for p in alive:
        if p["age"] < 6:
            continue
        for level in ("80", "70", "60", "30", "20", "10"):
            if level == "20" and p["education"] not in ("20", "10"):
                break
            if level == "30" and p["education"] != "30":
                continue
            if level == "10" and p["education"] != "10":
                break
            start_age = {"80": 6, "70": 12, "60": 15, "30": 18, "20": 18, "10": 22}[level]
            years = {"80": 6, "70": 3, "60": 3, "30": 3, "20": 4, "10": 3}[level]
            if p["age"] < start_age or p["birth"].year + start_age < 1985:
                continue
            enrolled = datetime.date(p["birth"].year + start_age, 9, 1)
            graduated = datetime.date(enrolled.year + years, 7, 1)
            row = {
                "id_number": p["id"],
                "level": level,
                "name": p["name"],
                "school": rng.choice(SCHOOLS[level]),
                "enrolled_on": _date(enrolled),
            }
            if graduated <= TODAY:
                row["graduated_on"] = _date(graduated)
                row["certificate_no"] = f"{rng.randrange(10**11, 10**12)}{graduated.year}"
            rows["学历学籍信息"].append(row)
        if p["education"] in ("20", "10") and 22 <= p["age"] < 50 and rng.random() < 0.06:
            passed = _between(rng, TODAY - datetime.timedelta(days=2000), TODAY)
            rows["教师资格考试信息"].append(
                {
                    "id_number": p["id"],
                    "subject": rng.choice(SUBJECTS),
                    "name": p["name"],
                    "passed_on": _date(passed),
                    "certificate_no": f"{passed.year}50{rng.randrange(0, 10**8):08d}",
                }
            )

    food_workers = [li_wei] + [p for p in adults if 18 <= p["age"] < 60 and rng.random() < 0.1]
    for p in food_workers:
        examined = _between(rng, TODAY - datetime.timedelta(days=330), TODAY)
        rows["从业人员健康体检信息"].append(
            {
                "id_number": p["id"],
                "name": p["name"],
                "examined_on": _date(examined),
                "result": "1" if rng.random() < 0.97 or p is li_wei else "2",
                "valid_until": _date(examined + datetime.timedelta(days=365)),
                "institution": rng.choice(CLINICS),
                "employer_code": restaurant["code"] if p is li_wei else "",
            }
        )

    poor = [p for p in alive if p["age"] >= 18 and rng.random() < 0.05]
    for p in poor:
        kind = rng.choice(["1", "1", "1", "2", "4"])
        size = rng.randrange(1, 5)
        approved = _between(rng, TODAY - datetime.timedelta(days=1000), TODAY)
        if kind != "4":
            rows["社会救助对象信息"].append(
                {
                    "id_number": p["id"],
                    "name": p["name"],
                    "kind": kind,
                    "household_size": size,
                    "monthly_amount": f"{size * 700 if kind == '1' else 1200}.00",
                    "approved_on": _date(approved),
                    "street": p["street"],
                }
            )
        rows["家庭经济状况核对信息"].append(
            {
                "id_number": p["id"],
                "name": p["name"],
                "household_size": size,
                "annual_income": f"{rng.randrange(3000, 12000) * size}.00",
                "property_count": rng.choice([0, 0, 0, 1]),
                "checked_on": _date(approved - datetime.timedelta(days=20)),
                "result": "2" if kind == "4" else "1",
            }
        )

    owners = [li_wei] + [p for p in adults if rng.random() < 0.45]
    for index, p in enumerate(owners):
        registered = _between(rng, datetime.date(2008, 1, 1), TODAY)
        rows["不动产登记信息"].append(
            {
                "title_no": f"渝({registered.year})渝中区不动产权第{index + 100000:07d}号",
                "owner_id": p["id"],
                "owner_name": p["name"],
                "unit_no": f"500103{rng.randrange(0, 10**6):06d}GB{index:05d}F{rng.randrange(1, 10**7):08d}",
                "location": p["address"],
                "area": f"{rng.randrange(45, 180)}.{rng.randrange(0, 100):02d}",
                "use": "10" if rng.random() < 0.9 else "20",
                "registered_on": _date(registered),
            }
        )

    for index, p in enumerate(p for p in adults if rng.random() < 0.25):
        plate_type = rng.choice(["02", "02", "02", "52", "07"])
        rows["机动车登记信息"].append(
            {
                "plate_no": f"渝{rng.choice('ABCDFGH')}{index:05d}"
                if plate_type != "52"
                else f"渝A{'D'}{index:05d}",
                "plate_type": plate_type,
                "owner_id": p["id"],
                "owner_name": p["name"],
                "new_energy": plate_type == "52",
                "registered_on": _date(_between(rng, datetime.date(2010, 1, 1), TODAY)),
                "inspection_until": _date(_between(rng, TODAY, TODAY + datetime.timedelta(days=700))),
            }
        )

    for e in enterprises:
        base = {"credit_code": e["code"], "org_name": e["name"]}
        rows["法人基础信息"].append(
            {
                **base,
                "entity_type": e["type"],
                "legal_representative": e["legal"],
                "capital": e["capital"],
                "founded_on": _date(e["founded"]),
                "status": e["status"],
                "address": e["address"],
            }
        )
        if e["status"] == "1":
            rows["营业执照信息"].append(
                {
                    **base,
                    "entity_type": e["type"],
                    "legal_representative": e["legal"],
                    "scope": e["scope"],
                    "capital": e["capital"],
                    "founded_on": _date(e["founded"]),
                    "issued_on": _date(e["founded"]),
                    "authority": "重庆市渝中区市场监督管理局",
                }
            )
        if e["food"] and e["status"] == "1":
            issued = max(e["founded"], _between(rng, TODAY - datetime.timedelta(days=1700), TODAY))
            rows["食品经营许可证信息"].append(
                {
                    "licence_no": f"JY{'2' if '餐' in e['scope'] else '1'}5001030{len(rows['食品经营许可证信息']):07d}",
                    **base,
                    "legal_representative": e["legal"],
                    "food_format": "2" if "餐" in e["scope"] else "1",
                    "address": e["address"],
                    "issued_on": _date(issued),
                    "valid_until": _date(issued + datetime.timedelta(days=5 * 365)),
                }
            )
        if e["status"] == "2":
            cleared = _between(rng, e["founded"], TODAY)
            rows["税务清税信息"].append(
                {
                    **base,
                    "cleared_on": _date(cleared),
                    "document_no": f"渝中税税企清〔{cleared.year}〕{rng.randrange(1, 9999)}号",
                }
            )

    builders = [e for e in enterprises if "建筑" in e["name"] or rng.random() < 0.05][:60]
    for index, e in enumerate(builders):
        project = f"2024-500103-47-01-{index + 1:06d}"
        name = f"渝中区{rng.choice(ROADS)}{rng.choice(['片区城市更新', '老旧小区改造', '综合楼新建', '停车楼'])}项目"
        start = _between(rng, datetime.date(2023, 1, 1), datetime.date(2025, 6, 1))
        for stage in range(1, rng.randrange(2, 5)):
            rows["工程建设项目审批信息"].append(
                {
                    "project_code": project,
                    "stage": str(stage),
                    "credit_code": e["code"],
                    "project_name": name,
                    "builder": e["name"],
                    "approved_on": _date(start + datetime.timedelta(days=60 * stage)),
                    "conclusion": "1",
                }
            )
        rows["施工图审查信息"].append(
            {
                "project_code": project,
                "credit_code": e["code"],
                "project_name": name,
                "review_no": f"渝审{start.year}{index + 1:04d}",
                "conclusion": "1",
                "reviewed_on": _date(start + datetime.timedelta(days=90)),
            }
        )
        winner = rng.choice(builders)
        rows["招标投标信息"].append(
            {
                "project_code": project,
                "credit_code": winner["code"],
                "project_name": name,
                "winner": winner["name"],
                "amount": f"{rng.randrange(500, 20000) * 1000}.00",
                "awarded_on": _date(start + datetime.timedelta(days=120)),
            }
        )
        if index % 2 == 0:
            rows["环境影响评价信息"].append(
                {
                    "project_code": project,
                    "credit_code": e["code"],
                    "project_name": name,
                    "document": rng.choice(["2", "3"]),
                    "approval_no": f"渝中环准〔{start.year}〕{index + 10}号",
                    "approved_on": _date(start + datetime.timedelta(days=45)),
                }
            )

    start = datetime.datetime(2026, 10, 1, tzinfo=timezone.get_default_timezone())
    for hour in range(31 * 24):
        moment = start + datetime.timedelta(hours=hour)
        for station in STATIONS:
            aqi = max(15, int(rng.gauss(62, 22)))
            level = "1" if aqi <= 50 else "2" if aqi <= 100 else "3" if aqi <= 150 else "4"
            rows["空气质量监测"].append(
                {
                    "station": station,
                    "measured_at": moment.strftime("%Y-%m-%dT%H:%M:00+08:00"),
                    "aqi": aqi,
                    "pm25": f"{aqi * 0.6:.1f}",
                    "level": level,
                }
            )
    return rows


def seed_registry():
    """The data elements and resources (catalogue metadata and items); returns the resources by name."""
    elements = {e.identifier: e for e in DataElement.objects.all()}
    for identifier, name, english, kind, fmt, length, check, personal, codes in ELEMENTS:
        if identifier not in elements:
            elements[identifier] = do_save_data_element(
                DataElement(
                    identifier=identifier,
                    name=name,
                    name_en=english,
                    data_type=kind,
                    format=fmt,
                    max_length=length,
                    check_kind=check,
                    is_personal=personal,
                    code_list=codes or [],
                ),
                actor=None,
            )
    departments = {d.code: d for d in Department.objects.filter(code__startswith=f"{REGION}-")}
    resources = {r.name: r for r in Resource.objects.all()}
    for (
        code,
        name,
        suffix,
        kind,
        classification,
        subject_kind,
        sharing,
        opening,
        cycle,
        abstract,
        items,
    ) in RESOURCES:
        if name in resources:
            continue
        with transaction.atomic():
            resource = do_save_resource(
                Resource(
                    code=code,
                    name=name,
                    provider=departments[f"{REGION}-{suffix}"],
                    kind=kind,
                    classification=classification,
                    subject_kind=subject_kind,
                    sharing_type=sharing,
                    sharing_conditions=""
                    if sharing == Resource.SHARE_UNCONDITIONAL
                    else "用于依法履行职责和办理政务服务事项，须说明用途并经提供部门同意。",
                    opening_type=opening,
                    update_cycle=cycle,
                    abstract=abstract,
                    format="数据库",
                    sharing_method="共享交换平台接口" if sharing != Resource.SHARE_NONE else "依法申请",
                    published_on=datetime.date(2025, 3, 1),
                ),
                actor=None,
            )
            DataItem.objects.bulk_create(
                [
                    DataItem(
                        resource=resource,
                        key=key,
                        name=item_name,
                        element=elements[element],
                        required="R" in flags,
                        is_key="K" in flags,
                        is_subject="S" in flags,
                        sort_order=index,
                    )
                    for index, (key, item_name, element, flags) in enumerate(items, start=1)
                ]
            )
        resources[name] = resource
    return resources


def seed(out, *, people=PEOPLE, enterprises=ENTERPRISES):
    resources = seed_registry()
    empty = [r for r in resources.values() if not r.records.exists()]
    if not empty:
        out.write(f"Data hub: {len(resources)} resources with their records already loaded.")
        return
    rows = _rows(Population(people, enterprises))
    loaded = 0
    for resource in empty:
        batch = do_import_rows(
            resource,
            enumerate(rows[resource.name], start=1),
            mode=ImportBatch.ALL_OR_NOTHING,
            source=ImportBatch.DEMO,
            actor=None,
            filename="demo",
        )
        if batch.status != ImportBatch.APPLIED:
            raise RuntimeError(f"demo data of {resource.name} refused: {batch.errors[:3]}")
        loaded += batch.rows_created
    # The tax clearance data came in 40 days ago and has not been renewed: it shows as stale (a
    # demo history, so the steward of 大数据局 has something to see and is notified).
    Resource.objects.filter(name="税务清税信息").update(
        data_updated_at=timezone.now() - datetime.timedelta(days=40)
    )
    do_check_staleness()
    out.write(f"Data hub: {len(resources)} resources, {loaded} records loaded.")
