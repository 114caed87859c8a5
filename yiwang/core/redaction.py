"""The redactor of personal data in published text (公开文本脱敏): what citizens type, before anyone
outside the administration reads it (Open311, hot issues, open data, public 好差评 comments).

- `redact_text(text)` replaces ID numbers (18 digits with X, 15 digits), mobile and fixed phone
  numbers (with or without +86, spaces or dashes inside), e-mail addresses, vehicle plates (渝A12345,
  new-energy 渝AD12345), flat and room numbers (3单元502, 5栋2单元301室, 1-2-301, 502室, B号楼), bank card
  numbers and the name after 我叫/本人/我是/姓名 by a placeholder (〔身份证号〕, 〔电话〕, ...). The rest
  of the text stays as written.
- `public_address(address)` generalises an address to its road or street (民族路88号3单元502 → 民族路),
  falling back to the street (街道) the hotline's gazetteer recognises, or to nothing.

Digits may be split by spaces or dashes (138 0000 0001, 5001-0319-8803-1423-1X): the patterns accept
one separator between any two digits. Dates (2026年12月5日, 2026-12-05), amounts, the 12345 hotline and
bus routes are left alone. `core/pii.py`'s `redact` is the log filter's masker; this is the one for
publication.
"""

import re

from django.utils.translation import gettext as _

_SEP = r"[ \t\u3000\-－–—]?"  # one optional separator between digits
_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z０-９])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z０-９])"


def _digits(n):
    """`n` digits, a separator allowed between any two."""
    return r"\d" + (rf"(?:{_SEP}\d)" + "{" + str(n - 1) + "}" if n > 1 else "")


# Long digit runs: an ID number (18 with a final X, or 15) or a bank card (16 to 19 digits).
_ID_18 = re.compile(_NOT_ALNUM_BEFORE + _digits(17) + _SEP + "[0-9Xx]" + _NOT_ALNUM_AFTER)
_LONG_DIGITS = re.compile(_NOT_ALNUM_BEFORE + r"\d(?:" + _SEP + r"\d){14,18}" + _NOT_ALNUM_AFTER)
_BIRTH = re.compile(r"^\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9X]$")

_COUNTRY = r"(?:(?:\+|00)\s?86[\s\-－]?)?"
_MOBILE = re.compile(r"(?<!\d)" + _COUNTRY + r"1" + _SEP + r"[3-9]" + r"(?:" + _SEP + r"\d){9}(?!\d)")
_FIXED = re.compile(
    r"(?<!\d)(?:(?:\+|00)\s?86[\s\-－]?\(?0?|[(（]?0)[1-9]\d{1,2}[)）]?[\s\-－]?"
    r"\d(?:" + _SEP + r"\d){6,7}(?!\d)"
)
# A number right after a word that says "this is how to reach me": any 7 to 12 digits.
_CONTACT = re.compile(
    r"((?:联系)?(?:电话|手机号?|座机|联系方式|微信号?|QQ号?|qq号?|tel|Tel|TEL)(?:号码)?\s*[:：是为]?\s*)"
    r"(\d(?:" + _SEP + r"\d){6,11})(?!\d)"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+\s?(?:@|＠)\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(
    rf"[{_PROVINCES}]\s?[A-HJ-NP-Za-hj-np-z][\s·•.\-]?(?=[A-Za-z0-9]{{0,5}}\d)[A-HJ-NP-Za-hj-np-z0-9]{{5,6}}"
    r"(?![A-Za-z0-9])[挂学警]?"
)
_NUMERAL = r"(?:\d+|[A-Za-z]|[一二三四五六七八九十]+)"
_FLAT = re.compile(
    # [88号] [5栋|B座|3号楼] [2单元] [301室]: at least a building, unit or room part.
    rf"(?:\d+号(?=\s?{_NUMERAL}\s?(?:栋|幢|座|号楼|单元)))?"
    rf"(?:{_NUMERAL}\s?(?:栋|幢|座|号楼)[\s\-－]?)?"
    rf"(?:{_NUMERAL}\s?单元[\s\-－]?)?"
    r"(?:\d{1,2}\s?楼\s?)?"
    r"(?:\d{3,4}\s?(?:室|房|号房)?|\d{1,4}\s?(?:室|房|号房)(?![一两二三四五\d]?\s?厅))?"
)
_FLAT_DASHED = re.compile(r"(?<![\d\-])\d{1,2}-\d{1,2}-\d{3,4}(?![\d\-])")
_SURNAMES = (
    "欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|"
    "李|王|张|刘|陈|杨|黄|赵|吴|周|徐|孙|马|朱|胡|郭|何|高|林|罗|郑|梁|谢|宋|唐|许|韩|冯|邓|曹|彭|曾|肖|田|董|"
    "袁|潘|于|蒋|蔡|余|杜|叶|程|苏|魏|吕|丁|任|沈|姚|卢|姜|崔|钟|谭|陆|汪|范|金|石|廖|贾|夏|韦|付|傅|方|白|邹|孟|"
    "熊|秦|邱|江|尹|薛|闫|阎|段|雷|侯|龙|史|陶|黎|贺|顾|毛|郝|龚|邵|万|钱|严|覃|武|戴|莫|孔|向|汤|常|温|康|施|"
    "文|牛|樊|葛|邢|安|齐|易|乔|伍|庞|颜|倪|庄|聂|章|鲁|岳|翟|殷|詹|申|欧|耿|关|兰|焦|俞|左|柳|甘|祝|包|宁|"
    "尚|符|舒|阮|柯|纪|梅|童|凌|毕|单|季|裴|霍|涂|成|苗|谷|盛|曲|翁|冉|骆|蓝|路|游|辛|靳|管|柴|蒙|鲍|华|喻|"
    "祁|蒲|房|滕|屈|饶|解|牟|艾|尤|阳|时|穆|农|司|卓|古|吉|缪|简|车|项|连|芦|麦|褚|娄|窦|戚|岑|景|党|宫|费|卜|"
    "冷|晏|席|卫|米|柏|宗|瞿|桂|全|佟|应|臧|闵|苟|邬|边|卞|姬|师|和|仇|栾|隋|商|刁|沙|荣|巫|寇|桑|郎|甄|丛|仲|"
    "虞|敖|巩|明|佘|池|查|麻|苑|迟|邝"
)
# Characters that end a name: what usually follows one in a message (the, at, live, am, want ...).
_NAME_STOP = "一本上下前后这那该的在住是家于想要今昨现和与及因从对向被把给也都就还已说称反映投诉举报系为年月日号先女同老师"
_NAME_TAIL = rf"[\u4e00-\u9fff](?<![{_NAME_STOP}])"
_NAME = re.compile(
    rf"(我叫|我名叫|本人(?:姓名)?[是叫]?|我是|名字[是叫]|姓名\s*[:：]?\s*|联系人\s*[:：]?\s*)"
    rf"((?:{_SURNAMES})(?:{_NAME_TAIL}){{1,2}})"
)
# Every pattern above needs one of these: a word (姓名, 电话, 单元 ...), an @, the start of a plate, a
# dashed flat, or ten digits in all. Most open-data values (names of places, dates, counts) have none
# and are let through without running the others (the CSV download is about five times slower without it).
_TRIGGER = re.compile(
    r"[@＠]|我叫|我名叫|本人|我是|姓名|名字|联系|电话|手机|座机|微信|QQ|qq|[Tt]el|TEL|号楼|栋|幢|座|单元|室|房|楼\s?\d"
    rf"|[{_PROVINCES}]\s?[A-Za-z]|\d-\d{{1,2}}-\d{{3}}|(?:\d\D*){{10}}"
)


def redact_text(text):
    """`text` with personal data replaced by placeholders; non-text values are returned as they are."""
    if not isinstance(text, str) or not text or not _TRIGGER.search(text):
        return text
    text = _EMAIL.sub(lambda m: _("[e-mail]"), text)
    text = _ID_18.sub(_long_number, text)
    text = _LONG_DIGITS.sub(_long_number, text)
    text = _CONTACT.sub(lambda m: m.group(1) + _("[phone]"), text)
    text = _MOBILE.sub(lambda m: _("[phone]"), text)
    text = _FIXED.sub(lambda m: _("[phone]"), text)
    text = _PLATE.sub(lambda m: _("[plate]"), text)
    text = _FLAT_DASHED.sub(lambda m: _("[flat]"), text)
    text = _FLAT.sub(_flat, text)
    return _NAME.sub(lambda m: m.group(1) + _("[name]"), text)


class Redactor:
    """`redact_text` that remembers the values it has seen, for one answer in one language: a column
    of an open dataset repeats its values (places, dates, levels), and a download reads millions."""

    LIMIT = 50_000  # values remembered; a free-text column of unique values stops filling it

    def __init__(self):
        self.seen = {}

    def __call__(self, value):
        if type(value) is not str:
            return value
        found = self.seen.get(value)
        if found is None:
            found = redact_text(value)
            if len(self.seen) < self.LIMIT:
                self.seen[value] = found
        return found


def _long_number(match):
    raw = re.sub(r"[^0-9Xx]", "", match.group(0)).upper()
    if _MOBILE.fullmatch(raw):  # 0086 and a mobile number are 15 digits too
        return _("[phone]")
    if len(raw) == 15 or _BIRTH.match(raw):
        return _("[ID number]")
    return _("[bank card]")


_NOT_A_FLAT = re.compile(r"\d{3,4}|\d{1,2}\s?楼\s?")


def _flat(match):
    found = match.group(0)
    if not found:
        return found
    # A bare number is only a flat when it says 室/房 or follows a building or unit.
    if _NOT_A_FLAT.fullmatch(found):
        return found
    return _("[flat]")


_ROAD = re.compile(r"(?:大道|大街|街道|路|街|巷|胡同)")
_HOUSE_NUMBER = re.compile(r"[\d０-９]|[一二三四五六七八九十百零〇]+号")


def public_address(address):
    """The road or street of `address` (民族路88号3单元502 → 民族路), or the street (街道) the gazetteer
    finds in it, or "" when neither is known: a public view never shows a house, building or flat."""
    address = (address or "").strip()
    if not address:
        return ""
    head = _HOUSE_NUMBER.split(address, maxsplit=1)[0]
    roads = list(_ROAD.finditer(head))
    if roads:
        return redact_text(head[: roads[-1].end()].strip(" ，,、"))
    from yiwang.hotline.gazetteer import recognise

    street, _community = recognise(address)
    return street.name if street is not None else ""
