"""Demo recommendation and benefit rules over the demo catalogue (items found by their names).

Safe to run again: a rule whose code exists is left as it is (an administrator's edits win).
"""

from yiwang.benefits.actions import do_save_benefit_rule, do_save_recommendation_rule
from yiwang.benefits.models import BenefitRule, RecommendationRule
from yiwang.services.models import ServiceItem


def _case(item_code, field, op, value):
    return {"source": "case", "item": item_code, "field": field, "op": op, "value": value}


def _person(field, op, value):
    return {"source": "person", "field": field, "op": op, "value": value}


def _none_of(item_code):
    """No case of the item submitted or finished yet (no point suggesting what is under way or done)."""
    return [_case(item_code, "open_count", "eq", 0), _case(item_code, "finished_count", "eq", 0)]


def recommendation_rules(code):
    """(code, name, audience, item name, condition, reason) of the demo recommendations."""
    birth, marriage, sole_trader = code("出生登记"), code("结婚登记"), code("个体工商户设立登记")
    company, food = code("公司设立登记"), code("食品经营许可（新办）")
    return [
        (
            "newborn-insurance",
            "新生儿参保",
            "person",
            "城乡居民基本医疗保险参保登记",
            [_case(birth, "days_since_finished", "lte", 90), *_none_of(code("城乡居民基本医疗保险参保登记"))],
            "您刚为孩子办理了出生登记，新生儿出生后3个月内参保可享受当年待遇，可以办理{item}。",
        ),
        (
            "child-6-months-card",
            "孩子满6个月办社保卡",
            "person",
            "社会保障卡申领",
            [
                _case(birth, "days_since_finished", "gte", 180),
                _case(birth, "days_since_finished", "lt", 365),
                *_none_of(code("社会保障卡申领")),
            ],
            "您的孩子满6个月，可以为孩子办理{item}。",
        ),
        (
            "child-school-age",
            "孩子将满6周岁入学",
            "person",
            "义务教育入学",
            [
                _case(birth, "days_since_finished", "gte", 5 * 365),
                _case(birth, "days_since_finished", "lt", 6 * 365 + 2),
                *_none_of(code("义务教育入学")),
            ],
            "您的孩子即将年满6周岁，可以办理{item}。",
        ),
        (
            "turning-60-retirement",
            "年满60周岁退休",
            "person",
            "职工退休申请",
            [
                _person("age", "eq", 59),
                _person("days_to_birthday", "lte", 31),
                *_none_of(code("职工退休申请")),
            ],
            "您将于下月年满60周岁，可以提前准备{item}。",
        ),
        (
            "id-card-16",
            "年满16周岁换领身份证",
            "person",
            "居民身份证换领",
            [_person("age", "eq", 16)],
            "您已年满16周岁，居民身份证有效期由5年改为10年，可以办理{item}。",
        ),
        (
            "married-birth-registration",
            "婚后生育登记",
            "person",
            "生育登记",
            [_case(marriage, "days_since_finished", "lte", 3 * 365), *_none_of(code("生育登记"))],
            "您已办理结婚登记，计划生育时可以在网上办理{item}。",
        ),
        (
            "sole-trader-food",
            "个体户办理食品经营许可",
            "person",
            "食品经营许可（新办）",
            [_case(sole_trader, "finished_count", "gte", 1), *_none_of(food)],
            "您已办理个体工商户设立登记，如经营餐饮或食品销售，还需办理{item}。",
        ),
        (
            "company-hiring",
            "新设企业招聘登记",
            "enterprise",
            "单位用人招聘登记",
            [_case(company, "finished_count", "gte", 1), *_none_of(code("单位用人招聘登记"))],
            "企业已设立，招用员工时可以办理{item}。",
        ),
        (
            "food-licence-renewal",
            "食品经营许可到期延续",
            "enterprise",
            "食品经营许可（延续）",
            [
                _case(food, "days_since_finished", "gte", 5 * 365 - 90),
                *_none_of(code("食品经营许可（延续）")),
            ],
            "食品经营许可证有效期为5年，即将届满，可以办理{item}。",
        ),
    ]


def benefit_rules(code):
    """(code, name, audience, item name, condition, amount, what is granted) of the demo benefits."""
    return [
        (
            "elderly-allowance",
            "高龄津贴",
            "person",
            "高龄津贴",
            [_person("age", "gte", 80)],
            "100.00",
            "80周岁以上老年人高龄津贴，按月发放",
        ),
        (
            "birth-subsidy",
            "一次性生育补贴",
            "person",
            "生育津贴申领",
            [_case(code("出生登记"), "finished_count", "gte", 1)],
            "2000.00",
            "一次性生育补贴",
        ),
        (
            "eldercare-subsidy",
            "经济困难高龄老人养老服务补贴",
            "person",
            "养老服务补贴",
            [_person("age", "gte", 80), _case(code("最低生活保障申请"), "finished_count", "gte", 1)],
            "200.00",
            "享受最低生活保障的80周岁以上老年人养老服务补贴，按月发放",
        ),
    ]


def seed(out):
    items = {
        item.current.name: item
        for item in ServiceItem.objects.filter(current__isnull=False).select_related("current")
    }

    def code(name):
        return items[name].implementation_code

    added = 0
    existing = set(RecommendationRule.objects.values_list("code", flat=True))
    for order, (rule_code, name, audience, item, condition, reason) in enumerate(
        recommendation_rules(code), 1
    ):
        if rule_code not in existing:
            do_save_recommendation_rule(
                code=rule_code,
                name=name,
                audience=audience,
                item=items[item],
                condition=condition,
                reason=reason,
                sort_order=order,
                actor=None,
            )
            added += 1
    existing = set(BenefitRule.objects.values_list("code", flat=True))
    for rule_code, name, audience, item, condition, amount, granted in benefit_rules(code):
        if rule_code not in existing:
            do_save_benefit_rule(
                code=rule_code,
                name=name,
                audience=audience,
                item=items[item],
                condition=condition,
                amount=amount,
                grant_description=granted,
                actor=None,
            )
            added += 1
    if added:
        out.write(f"Recommendations and benefits: {added} demo rules (run them: yiwang benefits run).")
