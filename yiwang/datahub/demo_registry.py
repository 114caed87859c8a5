"""The demo district's data element registry (数据元) and resource catalogue (信息资源目录).

Code lists follow the national standards where one exists (性别 GB/T 2261.1, 婚姻状况 GB/T 2261.2,
民族 GB/T 3304, 文化程度 GB/T 4658, 号牌种类 GA 24.7); the others are the usual local ones. Resource
names are the names the service catalogue's materials give as their source (`shared(..., ref)` in
services/demo_catalogue.py), so that 数据跑路 finds them.
"""

from yiwang.datahub.models import DataElement as E
from yiwang.datahub.models import Resource as R

SEX = [["0", "未知的性别"], ["1", "男性"], ["2", "女性"], ["9", "未说明的性别"]]
MARITAL = [["10", "未婚"], ["20", "已婚"], ["21", "初婚"], ["22", "再婚"], ["23", "复婚"], ["30", "丧偶"],
           ["40", "离婚"], ["90", "未说明的婚姻状况"]]
ETHNIC_NAMES = ("汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 "
                "傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
                "毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 "
                "独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族").split()
ETHNIC = [[f"{i:02d}", name] for i, name in enumerate(ETHNIC_NAMES, start=1)] + [["97", "其他"],
                                                                               ["98", "外国血统中国籍人士"]]
EDUCATION = [["10", "研究生教育"], ["20", "大学本科教育"], ["30", "大学专科教育"], ["40", "中等职业教育"],
             ["60", "普通高级中学教育"], ["70", "初级中学教育"], ["80", "小学教育"], ["90", "其他"]]
HOUSEHOLD = [["1", "家庭户"], ["2", "集体户"]]
ENTITY_TYPE = [["1100", "有限责任公司"], ["1200", "股份有限公司"], ["2100", "非公司企业法人"],
               ["4100", "个人独资企业"], ["4500", "合伙企业"], ["9100", "农民专业合作社"]]
REG_STATUS = [["1", "存续"], ["2", "注销"], ["3", "吊销"], ["4", "迁出"]]
INSURANCE = [["110", "企业职工基本养老保险"], ["120", "机关事业单位养老保险"], ["170", "城乡居民基本养老保险"],
             ["210", "失业保险"], ["310", "职工基本医疗保险"], ["390", "城乡居民基本医疗保险"], ["410", "工伤保险"],
             ["510", "生育保险"]]
INSURED = [["1", "参保缴费"], ["2", "暂停缴费"], ["3", "终止参保"]]
MARRIAGE_ACT = [["1", "结婚登记"], ["2", "离婚登记"], ["3", "补领婚姻登记证"], ["4", "撤销婚姻"]]
ASSISTANCE = [["1", "最低生活保障"], ["2", "特困人员救助供养"], ["3", "临时救助"], ["4", "低保边缘家庭"]]
HOUSE_USE = [["10", "住宅"], ["20", "商业服务"], ["30", "办公"], ["40", "工业"], ["90", "其他"]]
PLATE_TYPE = [["01", "大型汽车"], ["02", "小型汽车"], ["07", "普通摩托车"], ["51", "大型新能源汽车"],
              ["52", "小型新能源汽车"]]
CONCLUSION = [["1", "合格"], ["2", "不合格"]]
AIR_LEVEL = [["1", "优"], ["2", "良"], ["3", "轻度污染"], ["4", "中度污染"], ["5", "重度污染"], ["6", "严重污染"]]
EMPLOYMENT = [["1", "就业"], ["2", "失业"], ["3", "灵活就业"]]
FOOD_FORMAT = [["1", "食品销售经营者"], ["2", "餐饮服务经营者"], ["3", "单位食堂"]]
EIA_DOC = [["1", "环境影响报告书"], ["2", "环境影响报告表"], ["3", "环境影响登记表"]]
SETTLEMENT = [["11", "普通门诊"], ["14", "门诊慢特病"], ["21", "普通住院"], ["51", "生育门诊"], ["52", "生育住院"]]
RELATION = [["1", "父亲"], ["2", "母亲"]]
PROJECT_STAGE = [["1", "立项用地规划许可"], ["2", "工程建设许可"], ["3", "施工许可"], ["4", "竣工验收"]]
CHECK_RESULT = [["1", "符合救助条件"], ["2", "不符合救助条件"]]

# identifier, name, English name, type, format, max length, check, personal, code list
ELEMENTS = [
    ("DE0001", "公民身份号码", "Citizen ID number", E.STRING, "an18", 18, E.CITIZEN_ID, True, None),
    ("DE0002", "姓名", "Name", E.STRING, "c..50", 50, "", True, None),
    ("DE0003", "性别代码", "Sex", E.CODE, "n1", None, "", False, SEX),
    ("DE0004", "出生日期", "Date of birth", E.DATE, "YYYY-MM-DD", None, "", True, None),
    ("DE0005", "民族代码", "Ethnic group", E.CODE, "n2", None, "", False, ETHNIC),
    ("DE0006", "婚姻状况代码", "Marital status", E.CODE, "n2", None, "", False, MARITAL),
    ("DE0007", "文化程度代码", "Education level", E.CODE, "n2", None, "", False, EDUCATION),
    ("DE0008", "住址", "Address", E.STRING, "c..200", 200, "", True, None),
    ("DE0009", "移动电话号码", "Mobile phone number", E.STRING, "n11", 11, E.PHONE, True, None),
    ("DE0010", "户口类别代码", "Household type", E.CODE, "n1", None, "", False, HOUSEHOLD),
    ("DE0011", "统一社会信用代码", "Unified social credit code", E.STRING, "an18", 18, E.CREDIT_CODE, False, None),
    ("DE0012", "单位名称", "Organisation name", E.STRING, "c..200", 200, "", False, None),
    ("DE0013", "法定代表人姓名", "Legal representative", E.STRING, "c..50", 50, "", False, None),
    ("DE0014", "市场主体类型代码", "Type of market entity", E.CODE, "n4", None, "", False, ENTITY_TYPE),
    ("DE0015", "注册资本（万元）", "Registered capital (10,000 yuan)", E.DECIMAL, "n..18,4", None, "", False, None),
    ("DE0016", "成立日期", "Date of establishment", E.DATE, "YYYY-MM-DD", None, "", False, None),
    ("DE0017", "登记状态代码", "Registration status", E.CODE, "n1", None, "", False, REG_STATUS),
    ("DE0018", "经营范围", "Business scope", E.STRING, "c..2000", 2000, "", False, None),
    ("DE0019", "登记机关", "Registration authority", E.STRING, "c..100", 100, "", False, None),
    ("DE0020", "证照编号", "Licence number", E.STRING, "c..50", 50, "", False, None),
    ("DE0021", "有效期至", "Valid until", E.DATE, "YYYY-MM-DD", None, "", False, None),
    ("DE0022", "发证日期", "Date of issue", E.DATE, "YYYY-MM-DD", None, "", False, None),
    ("DE0023", "行政区划代码", "Administrative division code", E.STRING, "n6", 6, "", False, None),
    ("DE0024", "业务办理日期", "Date of the act", E.DATE, "YYYY-MM-DD", None, "", False, None),
    ("DE0025", "不动产单元号", "Real estate unit number", E.STRING, "c..28", 28, "", False, None),
    ("DE0026", "不动产权证书号", "Real estate title number", E.STRING, "c..50", 50, "", False, None),
    ("DE0027", "建筑面积（平方米）", "Floor area (m²)", E.DECIMAL, "n..10,2", None, "", False, None),
    ("DE0028", "房屋用途代码", "Use of the building", E.CODE, "n2", None, "", False, HOUSE_USE),
    ("DE0029", "险种类型代码", "Type of insurance", E.CODE, "n3", None, "", False, INSURANCE),
    ("DE0030", "参保状态代码", "Insurance status", E.CODE, "n1", None, "", False, INSURED),
    ("DE0031", "累计缴费月数", "Months of contributions", E.INTEGER, "n..4", None, "", False, None),
    ("DE0032", "婚姻登记业务类型代码", "Kind of marriage registration", E.CODE, "n1", None, "", False, MARRIAGE_ACT),
    ("DE0033", "社会救助类别代码", "Kind of social assistance", E.CODE, "n1", None, "", False, ASSISTANCE),
    ("DE0034", "金额（元）", "Amount (yuan)", E.DECIMAL, "n..16,2", None, "", False, None),
    ("DE0035", "机动车号牌号码", "Number plate", E.STRING, "c..15", 15, "", False, None),
    ("DE0036", "号牌种类代码", "Kind of number plate", E.CODE, "n2", None, "", False, PLATE_TYPE),
    ("DE0037", "项目代码", "Project code", E.STRING, "c..30", 30, "", False, None),
    ("DE0038", "项目名称", "Project name", E.STRING, "c..200", 200, "", False, None),
    ("DE0039", "审查结论代码", "Review conclusion", E.CODE, "n1", None, "", False, CONCLUSION),
    ("DE0040", "空气质量指数", "Air quality index (AQI)", E.INTEGER, "n..3", None, "", False, None),
    ("DE0041", "PM2.5浓度（微克/立方米）", "PM2.5 (µg/m³)", E.DECIMAL, "n..5,1", None, "", False, None),
    ("DE0042", "空气质量级别代码", "Air quality level", E.CODE, "n1", None, "", False, AIR_LEVEL),
    ("DE0043", "监测点位名称", "Monitoring station", E.STRING, "c..50", 50, "", False, None),
    ("DE0044", "监测时间", "Time of measurement", E.DATETIME, "YYYY-MM-DDThh:mm", None, "", False, None),
    ("DE0045", "学校名称", "School", E.STRING, "c..100", 100, "", False, None),
    ("DE0046", "证书编号", "Certificate number", E.STRING, "c..50", 50, "", False, None),
    ("DE0047", "疫苗名称", "Vaccine", E.STRING, "c..100", 100, "", False, None),
    ("DE0048", "剂次", "Dose number", E.INTEGER, "n..2", None, "", False, None),
    ("DE0049", "就业状态代码", "Employment status", E.CODE, "n1", None, "", False, EMPLOYMENT),
    ("DE0050", "医疗卫生机构名称", "Health institution", E.STRING, "c..100", 100, "", False, None),
    ("DE0051", "食品经营主体业态代码", "Kind of food business", E.CODE, "n1", None, "", False, FOOD_FORMAT),
    ("DE0052", "环境影响评价文件类型代码", "Kind of environmental impact document", E.CODE, "n1", None, "", False,
     EIA_DOC),
    ("DE0053", "医保结算类别代码", "Kind of medical insurance settlement", E.CODE, "n2", None, "", False,
     SETTLEMENT),
    ("DE0054", "亲属关系代码", "Relationship", E.CODE, "n1", None, "", False, RELATION),
    ("DE0055", "家庭人口数", "Household size", E.INTEGER, "n..2", None, "", False, None),
    ("DE0056", "是否新能源汽车", "New-energy vehicle", E.BOOLEAN, "", None, "", False, None),
    ("DE0057", "住所（经营场所）", "Registered address", E.STRING, "c..200", 200, "", False, None),
    ("DE0058", "工程建设审批阶段代码", "Approval stage", E.CODE, "n1", None, "", False, PROJECT_STAGE),
    ("DE0059", "核对结论代码", "Result of the means test", E.CODE, "n1", None, "", False, CHECK_RESULT),
    ("DE0060", "学科", "Subject taught", E.STRING, "c..50", 50, "", False, None),
]

# Shorthand for items: (key, name, element, flags) where flags has K (key), S (subject), R (required).
PERSON_ID = ("id_number", "公民身份号码", "DE0001", "KSR")
NAME = ("name", "姓名", "DE0002", "R")
CREDIT_KEY = ("credit_code", "统一社会信用代码", "DE0011", "KSR")
CREDIT_SUBJECT = ("credit_code", "统一社会信用代码", "DE0011", "SR")
ORG_NAME = ("org_name", "单位名称", "DE0012", "R")

P, EN, NO = R.PERSON, R.ENTERPRISE, R.OTHER
U, C, N = R.SHARE_UNCONDITIONAL, R.SHARE_CONDITIONAL, R.SHARE_NONE

# code, name, provider suffix, kind, classification, subject kind, sharing, opening, cycle, abstract, items
RESOURCES = [
    ("YZ-02-0001", "人口基础信息", "02", R.BASIC, "1/01/001", P, U, R.OPEN_NONE, R.DAILY,
     "渝中区户籍和常住人口的基础信息，由区大数据发展局汇聚公安户籍数据形成，是人口基础信息库的组成部分。",
     [PERSON_ID, NAME, ("sex", "性别", "DE0003", "R"), ("birth_date", "出生日期", "DE0004", "R"),
      ("ethnicity", "民族", "DE0005", ""), ("education", "文化程度", "DE0007", ""),
      ("household_type", "户口类别", "DE0010", ""), ("region", "户籍地行政区划", "DE0023", ""),
      ("address", "住址", "DE0008", ""), ("phone", "联系电话", "DE0009", "")]),
    ("YZ-02-0002", "法人基础信息", "02", R.BASIC, "1/02/001", EN, U, R.OPEN_CONDITIONAL, R.DAILY,
     "渝中区登记的企业法人、非公司企业法人和其他组织的基础信息，是法人单位基础信息库的组成部分。",
     [CREDIT_KEY, ORG_NAME, ("entity_type", "市场主体类型", "DE0014", "R"),
      ("legal_representative", "法定代表人", "DE0013", "R"), ("capital", "注册资本（万元）", "DE0015", ""),
      ("founded_on", "成立日期", "DE0016", "R"), ("status", "登记状态", "DE0017", "R"),
      ("address", "住所", "DE0057", "")]),
    ("YZ-02-0003", "税务清税信息", "02", R.THEMATIC, "2/05/003", EN, C, R.OPEN_NONE, R.MONTHLY,
     "企业办理注销前的清税情况，由区大数据发展局归集自国家税务总局重庆市渝中区税务局。",
     [CREDIT_KEY, ORG_NAME, ("cleared_on", "清税日期", "DE0024", "R"),
      ("document_no", "清税证明文书号", "DE0046", "R")]),
    ("YZ-03-0001", "流动人口居住登记信息", "03", R.DEPARTMENTAL, "3/03/012", P, C, R.OPEN_NONE, R.DAILY,
     "在渝中区居住半年以上的非户籍人口的居住登记和居住证信息。",
     [PERSON_ID, NAME, ("address", "居住地址", "DE0008", "R"), ("registered_on", "登记日期", "DE0024", "R"),
      ("valid_until", "居住证有效期至", "DE0021", ""), ("origin", "户籍地行政区划", "DE0023", "")]),
    ("YZ-03-0002", "机动车登记信息", "03", R.DEPARTMENTAL, "3/03/021", P, C, R.OPEN_NONE, R.DAILY,
     "在渝中区登记的机动车及其所有人、检验有效期。",
     [("plate_no", "号牌号码", "DE0035", "KR"), ("plate_type", "号牌种类", "DE0036", "KR"),
      ("owner_id", "所有人身份证号码", "DE0001", "SR"), ("owner_name", "所有人姓名", "DE0002", "R"),
      ("new_energy", "新能源汽车", "DE0056", ""), ("registered_on", "初次登记日期", "DE0024", "R"),
      ("inspection_until", "检验有效期至", "DE0021", "")]),
    ("YZ-04-0001", "营业执照信息", "04", R.DEPARTMENTAL, "3/04/001", EN, U, R.OPEN_UNCONDITIONAL, R.DAILY,
     "渝中区市场主体营业执照的登记事项。",
     [CREDIT_KEY, ORG_NAME, ("entity_type", "类型", "DE0014", "R"),
      ("legal_representative", "法定代表人", "DE0013", "R"), ("scope", "经营范围", "DE0018", ""),
      ("capital", "注册资本（万元）", "DE0015", ""), ("founded_on", "成立日期", "DE0016", "R"),
      ("issued_on", "发照日期", "DE0022", "R"), ("authority", "登记机关", "DE0019", "R")]),
    ("YZ-04-0002", "食品经营许可证信息", "04", R.DEPARTMENTAL, "3/04/007", EN, U, R.OPEN_UNCONDITIONAL,
     R.DAILY, "渝中区核发的食品经营许可证。",
     [("licence_no", "许可证编号", "DE0020", "KR"), CREDIT_SUBJECT, ORG_NAME,
      ("legal_representative", "法定代表人（负责人）", "DE0013", "R"), ("food_format", "主体业态", "DE0051", "R"),
      ("address", "经营场所", "DE0057", "R"), ("issued_on", "发证日期", "DE0022", "R"),
      ("valid_until", "有效期至", "DE0021", "R")]),
    ("YZ-05-0001", "社保参保信息", "05", R.DEPARTMENTAL, "3/05/001", P, C, R.OPEN_NONE, R.MONTHLY,
     "参保人员各险种的参保、缴费和参保单位信息，可作为劳动关系的证明。",
     [PERSON_ID, ("insurance", "险种类型", "DE0029", "KR"), NAME, ("status", "参保状态", "DE0030", "R"),
      ("employer_code", "参保单位统一社会信用代码", "DE0011", ""), ("employer", "参保单位名称", "DE0012", ""),
      ("since", "参保日期", "DE0024", "R"), ("months", "累计缴费月数", "DE0031", "")]),
    ("YZ-05-0002", "就业失业登记信息", "05", R.DEPARTMENTAL, "3/05/004", P, C, R.OPEN_NONE, R.WEEKLY,
     "劳动者的就业登记、失业登记和《就业创业证》信息。",
     [PERSON_ID, NAME, ("status", "就业状态", "DE0049", "R"), ("registered_on", "登记日期", "DE0024", "R"),
      ("employer", "就业单位", "DE0012", ""), ("card_no", "就业创业证编号", "DE0046", "")]),
    ("YZ-06-0001", "婚姻登记信息", "06", R.DEPARTMENTAL, "3/06/001", P, C, R.OPEN_NONE, R.DAILY,
     "婚姻登记机关办理的结婚、离婚登记和当事人当前的婚姻状况。",
     [PERSON_ID, NAME, ("marital_status", "婚姻状况", "DE0006", "R"), ("act", "业务类型", "DE0032", ""),
      ("spouse_name", "配偶姓名", "DE0002", ""), ("spouse_id", "配偶身份证号码", "DE0001", ""),
      ("registered_on", "登记日期", "DE0024", ""), ("certificate_no", "婚姻登记证字号", "DE0046", "")]),
    ("YZ-06-0002", "社会救助对象信息", "06", R.DEPARTMENTAL, "3/06/011", P, C, R.OPEN_NONE, R.MONTHLY,
     "最低生活保障对象（低保对象名单）、特困供养人员和低保边缘家庭的认定和救助金信息。",
     [PERSON_ID, NAME, ("kind", "救助类别", "DE0033", "R"), ("household_size", "家庭人口数", "DE0055", ""),
      ("monthly_amount", "月救助金额（元）", "DE0034", ""), ("approved_on", "认定日期", "DE0024", "R"),
      ("street", "所在街道", "DE0012", "")]),
    ("YZ-06-0003", "家庭经济状况核对信息", "06", R.DEPARTMENTAL, "3/06/013", P, N, R.OPEN_NONE, R.MONTHLY,
     "申请社会救助家庭的收入和财产核对结果。",
     [PERSON_ID, NAME, ("household_size", "家庭人口数", "DE0055", "R"),
      ("annual_income", "家庭年收入（元）", "DE0034", "R"), ("property_count", "名下房产套数", "DE0031", ""),
      ("checked_on", "核对日期", "DE0024", "R"), ("result", "核对结论", "DE0059", "R")]),
    ("YZ-06-0004", "殡葬服务信息", "06", R.DEPARTMENTAL, "3/06/021", P, C, R.OPEN_NONE, R.WEEKLY,
     "殡仪馆的遗体火化信息。",
     [PERSON_ID, NAME, ("cremated_on", "火化日期", "DE0024", "R"), ("funeral_home", "殡仪馆", "DE0012", "R"),
      ("certificate_no", "火化证明编号", "DE0046", "")]),
    ("YZ-07-0001", "出生医学证明信息", "07", R.DEPARTMENTAL, "3/07/001", P, C, R.OPEN_NONE, R.DAILY,
     "助产机构签发的《出生医学证明》，按父母分别登记，以便父母任一方办事时取用。",
     [("certificate_no", "出生医学证明编号", "DE0046", "KR"),
      ("parent_id", "父（母）身份证号码", "DE0001", "KSR"), ("relation", "与新生儿关系", "DE0054", "R"),
      ("parent_name", "父（母）姓名", "DE0002", "R"), ("child_name", "新生儿姓名", "DE0002", "R"),
      ("child_sex", "新生儿性别", "DE0003", "R"), ("child_birth_date", "出生日期", "DE0004", "R"),
      ("institution", "助产机构", "DE0050", "R")]),
    ("YZ-07-0002", "死亡医学证明信息", "07", R.DEPARTMENTAL, "3/07/002", P, C, R.OPEN_NONE, R.DAILY,
     "医疗卫生机构签发的《居民死亡医学证明（推断）书》。",
     [PERSON_ID, NAME, ("sex", "性别", "DE0003", "R"), ("died_on", "死亡日期", "DE0024", "R"),
      ("institution", "签发机构", "DE0050", "R"), ("certificate_no", "证明编号", "DE0046", "")]),
    ("YZ-07-0003", "预防接种信息", "07", R.DEPARTMENTAL, "3/07/011", P, C, R.OPEN_NONE, R.DAILY,
     "儿童免疫规划疫苗的接种记录，用于入托入学查验。",
     [PERSON_ID, ("vaccine", "疫苗名称", "DE0047", "KR"), ("dose", "剂次", "DE0048", "KR"), NAME,
      ("vaccinated_on", "接种日期", "DE0024", "R"), ("institution", "接种单位", "DE0050", "R")]),
    ("YZ-07-0004", "从业人员健康体检信息", "07", R.DEPARTMENTAL, "3/07/021", P, C, R.OPEN_NONE, R.WEEKLY,
     "食品、公共场所等从业人员的预防性健康检查结果和健康证明。",
     [PERSON_ID, NAME, ("examined_on", "体检日期", "DE0024", "R"), ("result", "体检结论", "DE0039", "R"),
      ("valid_until", "健康证明有效期至", "DE0021", "R"), ("institution", "体检机构", "DE0050", "R"),
      ("employer_code", "用人单位统一社会信用代码", "DE0011", "")]),
    ("YZ-08-0001", "不动产登记信息", "08", R.DEPARTMENTAL, "3/08/001", P, C, R.OPEN_NONE, R.DAILY,
     "房屋等不动产的权利人、坐落、面积和用途（住房情况、房屋权属证明）。",
     [("title_no", "不动产权证书号", "DE0026", "KR"), ("owner_id", "权利人身份证号码", "DE0001", "SR"),
      ("owner_name", "权利人姓名", "DE0002", "R"), ("unit_no", "不动产单元号", "DE0025", "R"),
      ("location", "坐落", "DE0008", "R"), ("area", "建筑面积（平方米）", "DE0027", "R"),
      ("use", "用途", "DE0028", "R"), ("registered_on", "登簿日期", "DE0024", "R")]),
    ("YZ-08-0002", "工程建设项目审批信息", "08", R.THEMATIC, "2/08/001", EN, U, R.OPEN_CONDITIONAL, R.WEEKLY,
     "工程建设项目审批管理系统中各阶段的审批、验收意见。",
     [("project_code", "项目代码", "DE0037", "KR"), ("stage", "审批阶段", "DE0058", "KR"), CREDIT_SUBJECT,
      ("project_name", "项目名称", "DE0038", "R"), ("builder", "建设单位", "DE0012", "R"),
      ("approved_on", "批复日期", "DE0024", "R"), ("conclusion", "审查结论", "DE0039", "R")]),
    ("YZ-08-0003", "施工图审查信息", "08", R.DEPARTMENTAL, "3/08/011", EN, U, R.OPEN_NONE, R.WEEKLY,
     "施工图审查机构出具的审查合格书。",
     [("project_code", "项目代码", "DE0037", "KR"), CREDIT_SUBJECT, ("project_name", "项目名称", "DE0038", "R"),
      ("review_no", "审查合格书编号", "DE0046", "R"), ("conclusion", "审查结论", "DE0039", "R"),
      ("reviewed_on", "审查日期", "DE0024", "R")]),
    ("YZ-08-0004", "招标投标信息", "08", R.DEPARTMENTAL, "3/08/021", EN, U, R.OPEN_UNCONDITIONAL, R.WEEKLY,
     "依法必须招标的工程建设项目的中标结果和施工合同备案。",
     [("project_code", "项目代码", "DE0037", "KR"), CREDIT_SUBJECT, ("project_name", "项目名称", "DE0038", "R"),
      ("winner", "中标单位", "DE0012", "R"), ("amount", "中标金额（元）", "DE0034", "R"),
      ("awarded_on", "中标日期", "DE0024", "R")]),
    ("YZ-09-0001", "环境影响评价信息", "09", R.DEPARTMENTAL, "3/09/001", EN, U, R.OPEN_UNCONDITIONAL,
     R.MONTHLY, "建设项目环境影响评价文件的审批和备案信息。",
     [("project_code", "项目代码", "DE0037", "KR"), CREDIT_SUBJECT, ("project_name", "项目名称", "DE0038", "R"),
      ("document", "环评文件类型", "DE0052", "R"), ("approval_no", "审批（备案）文号", "DE0046", "R"),
      ("approved_on", "审批日期", "DE0024", "R")]),
    ("YZ-09-0002", "空气质量监测", "09", R.THEMATIC, "2/09/011", NO, U, R.OPEN_UNCONDITIONAL, R.DAILY,
     "渝中区国控、市控空气质量监测点位的逐小时监测数据。",
     [("station", "监测点位", "DE0043", "KR"), ("measured_at", "监测时间", "DE0044", "KR"),
      ("aqi", "空气质量指数", "DE0040", "R"), ("pm25", "PM2.5浓度", "DE0041", ""),
      ("level", "空气质量级别", "DE0042", "R")]),
    ("YZ-11-0001", "学历学籍信息", "11", R.DEPARTMENTAL, "3/11/001", P, C, R.OPEN_NONE, R.QUARTERLY,
     "在校学生的学籍和毕业生的学历信息。",
     [PERSON_ID, ("level", "学历层次", "DE0007", "KR"), NAME, ("school", "学校", "DE0045", "R"),
      ("enrolled_on", "入学日期", "DE0024", "R"), ("graduated_on", "毕业日期", "DE0021", ""),
      ("certificate_no", "毕业证书编号", "DE0046", "")]),
    ("YZ-11-0002", "教师资格考试信息", "11", R.DEPARTMENTAL, "3/11/011", P, C, R.OPEN_NONE, R.YEARLY,
     "中小学教师资格考试的合格证明。",
     [PERSON_ID, ("subject", "学科", "DE0060", "KR"), NAME, ("passed_on", "合格日期", "DE0024", "R"),
      ("certificate_no", "考试合格证明编号", "DE0046", "R")]),
    ("YZ-15-0001", "医保参保信息", "15", R.DEPARTMENTAL, "3/15/001", P, C, R.OPEN_NONE, R.MONTHLY,
     "基本医疗保险参保人员的参保类型和状态。",
     [PERSON_ID, NAME, ("insurance", "医疗保险类型", "DE0029", "R"), ("status", "参保状态", "DE0030", "R"),
      ("since", "参保日期", "DE0024", "R")]),
    ("YZ-15-0002", "医保结算信息", "15", R.DEPARTMENTAL, "3/15/011", P, C, R.OPEN_NONE, R.DAILY,
     "定点医疗机构的医疗费用结算信息，含生育医疗费用。",
     [("settlement_no", "结算单号", "DE0046", "KR"), ("id_number", "公民身份号码", "DE0001", "SR"), NAME,
      ("kind", "结算类别", "DE0053", "R"), ("institution", "医疗机构", "DE0050", "R"),
      ("total", "医疗费用总额（元）", "DE0034", "R"), ("fund_paid", "基金支付（元）", "DE0034", "R"),
      ("settled_on", "结算日期", "DE0024", "R")]),
]
