"""Words citizens type and the words the catalogue uses for the same thing (同义词表), for search.

Each pair works both ways: a query for either word also finds items that use the other, at a
lower weight than the word itself. Keep the words as a citizen would type them (简体), short.
"""

SYNONYM_PAIRS = [
    ("身份证", "居民身份证"),
    ("营业执照", "个体工商户"),
    ("营业执照", "公司登记"),
    ("营业执照", "市场主体登记"),
    ("个体户", "个体工商户"),
    ("开公司", "公司登记"),
    ("开店", "经营许可"),
    ("开店", "个体工商户"),
    ("开饭店", "食品经营许可"),
    ("餐馆", "餐饮服务"),
    ("户口", "户籍"),
    ("上户口", "户籍登记"),
    ("落户", "户口迁入"),
    ("迁户口", "户口迁移"),
    ("社保", "社会保险"),
    ("社保卡", "社会保障卡"),
    ("医保", "医疗保障"),
    ("医保", "医疗保险"),
    ("养老金", "养老保险"),
    ("退休", "养老保险"),
    ("公积金", "住房公积金"),
    ("失业金", "失业保险金"),
    ("低保", "最低生活保障"),
    ("准生证", "生育登记"),
    ("生孩子", "生育"),
    ("出生证", "出生医学证明"),
    ("结婚", "婚姻登记"),
    ("离婚", "婚姻登记"),
    ("房产证", "不动产权证书"),
    ("房产证", "不动产登记"),
    ("租房", "房屋租赁"),
    ("广告牌", "户外广告"),
    ("驾照", "机动车驾驶证"),
    ("驾照", "驾驶证"),
    ("残疾证", "残疾人证"),
    ("暂住证", "居住证"),
    ("港澳通行证", "往来港澳通行证"),
    ("健康证", "健康证明"),
    ("狗证", "养犬登记"),
    ("办证", "许可证"),
    ("补办", "补领"),
    ("换证", "换领"),
    ("关门", "注销"),
    ("纳税", "税务"),
    ("老人", "老年人"),
    ("上学", "入学"),
    ("工伤", "工伤认定"),
    ("去世", "死亡"),
    ("丧葬", "殡葬"),
    ("找工作", "就业"),
]


def synonym_table(pairs=SYNONYM_PAIRS):
    """{word: {other words}} with every pair in both directions."""
    table = {}
    for left, right in pairs:
        table.setdefault(left, set()).add(right)
        table.setdefault(right, set()).add(left)
    return {word: frozenset(others) for word, others in table.items()}


SYNONYMS = synonym_table()
