"""The demo bundles (一件事) and situation guides (情形引导) of 渝中区, as data (read by `bundles/demo.py`).

Items are named by (department code suffix, item name) from `services/demo_catalogue.py`. In an
item's spec, `map` sends a merged-form field to an item field ({item key: bundle key}), `fixed`
gives a fixed answer, and `fed` feeds a field of an item that waits from the item it waits for
("answers.<key>", "result.letter_number" ...; "applicant": asked when the item starts). Fields that
the item prefills from the applicant's own record (name, ID number, phone) need no mapping.
"""

from yiwang.services.demo_catalogue import choice, field

PROXY = "授权委托书及受托人身份证明"
FOR_WHOM = {
    "key": "for_whom",
    "text": "为本人还是他人申请？",
    "options": [("self", "为本人申请"), ("other", "受他人委托申请")],
}
YES_NO = [("yes", "是"), ("no", "否")]

RESTAURANT = {
    "slug": "restaurant",
    "name": "开办餐饮店一件事",
    "audience": "person",
    "life_event": "e-start",
    "summary": "开一家小餐馆：个体工商户登记、食品经营许可和户外招牌设置一次申请，表单只填一次；营业执照办结后，"
    "食品经营许可自动接续办理。",
    "promised_limit": 5,
    "visits": 0,
    "fields": [
        field(
            "trade_name",
            "店铺字号名称",
            max_length=50,
            help_text="营业执照和许可证上的名称，如“老街小面馆”。",
        ),
        field("operator", "经营者姓名", prefill="applicant.name", max_length=50),
        field("phone", "联系电话", "phone", prefill="applicant.phone"),
        field("address", "经营场所地址", "address"),
        field("capital", "资金数额（万元）", "number"),
        choice("form", "组成形式", ["个人经营", "家庭经营"]),
        choice("food_items", "经营项目", ["热食类食品制售", "冷食类食品制售", "饮品制售"]),
        field("area", "经营面积（平方米）", "number"),
        choice("sign_form", "招牌形式", ["墙面广告", "立柱广告", "电子显示屏", "其他"], required=False),
        field("sign_size", "招牌面积（平方米）", "number", required=False),
        field("sign_from", "招牌设置起始日期", "date", required=False),
        field("sign_to", "招牌设置截止日期", "date", required=False),
    ],
    "items": [
        {
            "item": ("04", "个体工商户设立登记"),
            "map": {"trade_name": "trade_name", "address": "address", "capital": "capital", "form": "form"},
            "fixed": {"business_scope": "餐饮服务"},
        },
        {
            "item": ("04", "食品经营许可（新办）"),
            "waits_for": "个体工商户设立登记",
            "note": "营业执照办结后自动提交；请按执照填写统一社会信用代码。",
            "map": {
                "enterprise_name": "trade_name",
                "legal_representative": "operator",
                "contact_phone": "phone",
                "premises": "address",
                "food_items": "food_items",
                "area": "area",
            },
            "fixed": {"main_business": "餐饮服务经营者"},
            "fed": {"credit_code": "applicant"},
        },
        {
            "item": ("13", "户外广告设置许可"),
            "waits_for": "个体工商户设立登记",
            "map": {
                "enterprise_name": "trade_name",
                "legal_representative": "operator",
                "contact_phone": "phone",
                "location": "address",
                "form": "sign_form",
                "size": "sign_size",
                "from_date": "sign_from",
                "to_date": "sign_to",
            },
            "fed": {"credit_code": "applicant"},
        },
    ],
    "guide": {
        "intro": "回答两个问题，只看与您有关的事项、材料和表单。",
        "questions": [
            FOR_WHOM,
            {
                "key": "sign",
                "text": "是否在店外设置招牌？",
                "options": YES_NO,
                "help_text": "设置户外招牌需要办理户外广告设置许可。",
            },
        ],
        "rules": [
            {
                "when": "for_whom=other",
                "include": f"material:{PROXY}",
                "explanation": "受托办理需提交授权委托书及受托人身份证明。",
            },
            {
                "when": "sign=yes",
                "include": "item:户外广告设置许可",
                "explanation": "设置户外招牌，同时办理户外广告设置许可。",
            },
            {"when": "sign=yes", "include": "field:sign_form"},
            {"when": "sign=yes", "include": "field:sign_size"},
            {"when": "sign=yes", "include": "field:sign_from"},
            {"when": "sign=yes", "include": "field:sign_to"},
        ],
    },
}

BIRTH = {
    "slug": "birth",
    "name": "出生一件事",
    "audience": "person",
    "life_event": "p-birth",
    "summary": "宝宝出生后，出生登记（落户）、生育津贴和新生儿医保参保一次申请；户口登记完成后自动办理医保参保。",
    "promised_limit": 5,
    "visits": 0,
    "fields": [
        field("child_name", "新生儿姓名", max_length=50),
        choice("child_sex", "新生儿性别", ["男", "女"]),
        field("birth_date", "出生日期", "date"),
        choice("settle_with", "随父或随母落户", ["随父", "随母"]),
        field("birth_certificate_no", "出生医学证明编号", max_length=20),
        choice("delivery", "分娩方式", ["顺产", "剖宫产", "多胞胎生育"]),
        field("bank_account", "生育津贴收款账号", max_length=30),
    ],
    "items": [
        {
            "item": ("03", "出生登记"),
            "map": {
                "child_name": "child_name",
                "child_sex": "child_sex",
                "birth_date": "birth_date",
                "settle_with": "settle_with",
                "birth_certificate_no": "birth_certificate_no",
            },
        },
        {
            "item": ("15", "生育津贴申领"),
            "map": {"birth_date": "birth_date", "delivery": "delivery", "bank_account": "bank_account"},
        },
        {
            "item": ("15", "城乡居民基本医疗保险参保登记"),
            "waits_for": "出生登记",
            "note": "户口登记后，按户口簿上的公民身份号码参保。",
            "fed": {"insured_name": "answers.child_name", "insured_id": "applicant"},
            "fixed": {"category": "新生儿"},
        },
    ],
}

RETIREMENT = {
    "slug": "retirement",
    "name": "退休一件事",
    "audience": "person",
    "life_event": "p-retirement",
    "summary": "职工退休审批、社会保障卡（养老金发放）和异地就医备案一次申请。",
    "promised_limit": 7,
    "visits": 0,
    "fields": [
        choice(
            "retirement_type", "退休类型", ["正常退休", "弹性提前退休", "弹性延迟退休", "特殊工种提前退休"]
        ),
        field("retire_date", "申请退休日期", "date"),
        choice(
            "bank",
            "养老金发放银行",
            ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "重庆农村商业银行", "重庆银行"],
        ),
        choice("card_delivery", "社会保障卡领取方式", ["窗口领取", "邮寄送达"]),
        field("destination", "长期居住地（省市）", required=False, max_length=100),
        field("from_date", "异地居住起始日期", "date", required=False),
    ],
    "items": [
        {
            "item": ("05", "职工退休申请"),
            "map": {"retirement_type": "retirement_type", "retire_date": "retire_date"},
        },
        {"item": ("05", "社会保障卡申领"), "map": {"bank": "bank", "delivery": "card_delivery"}},
        {
            "item": ("15", "异地就医备案"),
            "map": {"destination": "destination", "from_date": "from_date"},
            "fixed": {"kind": "异地长期居住"},
        },
    ],
    "guide": {
        "intro": "退休后是否在外地长住，决定是否同时办理异地就医备案。",
        "questions": [{"key": "elsewhere", "text": "退休后是否长期在外地居住？", "options": YES_NO}],
        "rules": [
            {
                "when": "elsewhere=yes",
                "include": "item:异地就医备案",
                "explanation": "在外地长住，同时办理异地就医备案，看病直接结算。",
            },
            {"when": "elsewhere=yes", "include": "field:destination"},
            {"when": "elsewhere=yes", "include": "field:from_date"},
        ],
    },
}

COMPANY = {
    "slug": "company",
    "name": "企业开办一件事",
    "audience": "enterprise",
    "life_event": "e-start",
    "summary": "公司设立登记与员工招用登记一次申请；营业执照办结后自动办理用工登记。",
    "promised_limit": 1,
    "visits": 0,
    "fields": [
        field("company_name", "公司名称", prefill="enterprise.name", max_length=100),
        choice(
            "company_type",
            "公司类型",
            ["有限责任公司（自然人独资）", "有限责任公司（自然人投资或控股）", "股份有限公司"],
        ),
        field("registered_capital", "注册资本（万元）", "number"),
        field("address", "住所", "address"),
        field("legal_representative", "法定代表人", prefill="enterprise.legal_representative", max_length=50),
        field("representative_id", "法定代表人身份证号", "citizen_id"),
        field("phone", "联系电话", "phone"),
        field("business_scope", "经营范围", max_length=500),
        field("hires", "首批招用人数", "number"),
        field("hire_date", "用工起始日期", "date"),
        choice("contract", "劳动合同类型", ["固定期限", "无固定期限", "以完成一定工作任务为期限"]),
    ],
    "items": [
        {
            "item": ("04", "公司设立登记"),
            "map": {
                "company_name": "company_name",
                "company_type": "company_type",
                "registered_capital": "registered_capital",
                "address": "address",
                "legal_representative": "legal_representative",
                "representative_id": "representative_id",
                "phone": "phone",
                "business_scope": "business_scope",
            },
        },
        {
            "item": ("05", "单位用人招聘登记"),
            "waits_for": "公司设立登记",
            "map": {
                "contact_phone": "phone",
                "hires": "hires",
                "hire_date": "hire_date",
                "contract": "contract",
            },
        },
    ],
}

DEATH = {
    "slug": "after-death",
    "name": "身后一件事",
    "audience": "person",
    "life_event": "p-death",
    "summary": "亲人离世后，死亡注销户口和基本殡葬服务费用减免一次申请，逝者信息只填一次。",
    "promised_limit": 0,
    "visits": 0,
    "fields": [
        field("deceased_name", "逝者姓名", max_length=50),
        field("deceased_id", "逝者公民身份号码", "citizen_id"),
        field("death_date", "死亡日期", "date"),
        choice("relation", "申请人与逝者关系", ["配偶", "子女", "父母", "其他亲属", "其他"]),
    ],
    "items": [
        {
            "item": ("03", "死亡注销户口"),
            "map": {
                "deceased_name": "deceased_name",
                "deceased_id": "deceased_id",
                "death_date": "death_date",
                "relation": "relation",
            },
        },
        {
            "item": ("06", "基本殡葬服务费用减免"),
            "map": {
                "deceased_name": "deceased_name",
                "deceased_id": "deceased_id",
                "death_date": "death_date",
            },
        },
    ],
}

MARRIAGE = {
    "slug": "marriage",
    "name": "婚育落户一件事",
    "audience": "person",
    "life_event": "p-marriage",
    "summary": "结婚登记后投靠配偶落户，一次申请；结婚证颁发后自动提交户口迁入。",
    "promised_limit": 3,
    "visits": 1,
    "fields": [
        field("partner_name", "另一方姓名", max_length=50),
        field("partner_id", "另一方公民身份号码", "citizen_id"),
        field("appointment", "预约登记日期", "date"),
        field("from_address", "原户籍地址", "address"),
        field("to_address", "迁入地址", "address"),
    ],
    "items": [
        {
            "item": ("06", "结婚登记"),
            "map": {"partner_name": "partner_name", "partner_id": "partner_id", "appointment": "appointment"},
        },
        {
            "item": ("03", "户口迁入"),
            "waits_for": "结婚登记",
            "map": {"from_address": "from_address", "to_address": "to_address"},
            "fixed": {"category": "投靠亲属", "people": "1"},
        },
    ],
}

UNEMPLOYMENT = {
    "slug": "unemployment",
    "name": "失业保障一件事",
    "audience": "person",
    "life_event": "p-employment",
    "summary": "失业登记、就业创业证和失业保险金一次申请；失业登记办结后自动申领失业保险金。",
    "promised_limit": 2,
    "visits": 0,
    "fields": [
        choice("reason", "失业原因", ["劳动合同期满", "单位解除劳动合同", "本人辞职", "毕业未就业", "其他"]),
        field("last_employer", "原工作单位", required=False, max_length=100),
        field("address", "联系地址", "address"),
        field("separation_date", "离职日期", "date"),
        choice("education", "文化程度", ["初中及以下", "高中/中专", "大专", "本科", "研究生"]),
    ],
    "items": [
        {
            "item": ("05", "失业登记"),
            "map": {"reason": "reason", "last_employer": "last_employer", "address": "address"},
        },
        {"item": ("05", "就业创业证申领"), "map": {"education": "education"}, "fixed": {"status": "失业"}},
        {
            "item": ("05", "失业保险金申领"),
            "waits_for": "失业登记",
            "map": {"separation_date": "separation_date"},
        },
    ],
}

SCHOOLING = {
    "slug": "schooling",
    "name": "随迁子女入学一件事",
    "audience": "person",
    "life_event": "p-schooling",
    "summary": "来渝中区工作居住的家长，居住证办理和孩子义务教育入学一次申请；居住证办结后自动报名入学。",
    "promised_limit": 15,
    "visits": 0,
    "fields": [
        field("residence", "居住地址", "address"),
        field("moved_in", "来渝中区居住日期", "date"),
        choice("basis", "居住证申领条件", ["合法稳定就业", "合法稳定住所", "连续就读"]),
        field("child_name", "孩子姓名", max_length=50),
        field("child_id", "孩子公民身份号码", "citizen_id"),
        choice("grade", "入学年级", ["小学一年级", "初中一年级"]),
    ],
    "items": [
        {
            "item": ("03", "居住证办理"),
            "map": {"residence": "residence", "moved_in": "moved_in", "basis": "basis"},
            "fixed": {"delivery": "电子证照"},
        },
        {
            "item": ("11", "义务教育入学"),
            "waits_for": "居住证办理",
            "map": {
                "child_name": "child_name",
                "child_id": "child_id",
                "grade": "grade",
                "home": "residence",
            },
            "fixed": {"category": "进城务工人员随迁子女"},
        },
    ],
}

BUNDLES = [RESTAURANT, BIRTH, COMPANY, RETIREMENT, DEATH, MARRIAGE, UNEMPLOYMENT, SCHOOLING]

ITEM_GUIDES = [
    {
        "item": ("04", "个体工商户设立登记"),
        "intro": "回答两个问题，看清需要准备的材料和要填的内容。",
        "questions": [
            FOR_WHOM,
            {
                "key": "named",
                "text": "是否已经想好店铺字号？",
                "options": YES_NO,
                "help_text": "没有字号的，营业执照以经营者姓名登记。",
            },
        ],
        "rules": [
            {
                "when": "for_whom=other",
                "include": f"material:{PROXY}",
                "explanation": "受托办理需提交授权委托书及受托人身份证明。",
            },
            {"when": "named=yes", "include": "field:trade_name"},
        ],
    },
    {
        "item": ("05", "职工退休申请"),
        "intro": "提前退休的需要多准备一份证明。",
        "questions": [
            {"key": "early", "text": "是否申请提前退休（特殊工种或弹性提前）？", "options": YES_NO}
        ],
        "rules": [
            {
                "when": "early=yes",
                "include": "material:特殊工种、提前退休相关证明",
                "explanation": "提前退休需提交特殊工种或提前退休相关证明。",
            }
        ],
    },
    {
        "item": ("03", "户口迁入"),
        "intro": "落户类别不同，准备的材料不同。",
        "questions": [
            {
                "key": "basis",
                "text": "您按哪种类别落户？",
                "options": [("housing", "购房落户"), ("family", "投靠亲属"), ("job", "就业落户")],
            }
        ],
        "rules": [
            {"when": "basis=job", "include": "material:劳动合同", "explanation": "就业落户需提交劳动合同。"},
            {
                "when": "basis=family",
                "include": "material:亲属关系证明",
                "explanation": "投靠亲属的，由系统调取结婚证或户籍关系信息。",
            },
        ],
    },
]
