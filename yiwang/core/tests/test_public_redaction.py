"""redact_text() and public_address(): each kind of personal data becomes its placeholder, and the
ordinary text of a message (dates, amounts, 12345, bus routes, roads) stays as it was."""

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from yiwang.core.redaction import public_address, redact_text


@pytest.fixture(autouse=True)
def simplified_chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证50010319880314231X。", "身份证〔身份证号〕。"),
        ("身份证50010319880314231x", "身份证〔身份证号〕"),
        ("身份证 500103 19880314 231X", "身份证 〔身份证号〕"),
        ("证件号5001-0319-8803-1423-1X", "证件号〔身份证号〕"),
        ("老身份证500103880314231", "老身份证〔身份证号〕"),
        ("电话13800000001", "电话〔电话〕"),
        ("手机 138 0000 0001", "手机 〔电话〕"),
        ("请回电138-0000-0001", "请回电〔电话〕"),
        ("+8613800000001", "〔电话〕"),
        ("+86 138 0000 0001", "〔电话〕"),
        ("008613800000001", "〔电话〕"),
        ("座机023-63851234", "座机〔电话〕"),
        ("（023）6385 1234", "〔电话〕"),
        ("+86 23 63851234", "〔电话〕"),
        ("家里电话63851234", "家里电话〔电话〕"),
        ("邮箱li.wei_88@example.com.cn", "邮箱〔邮箱〕"),
        ("车牌渝A12345", "车牌〔车牌〕"),
        ("新能源车渝AD12345", "新能源车〔车牌〕"),
        ("车牌渝B·8K123", "车牌〔车牌〕"),
        ("家住民族路88号3单元502", "家住民族路〔门牌〕"),
        ("住5栋2单元301室", "住〔门牌〕"),
        ("住1-2-301", "住〔门牌〕"),
        ("502室漏水", "〔门牌〕漏水"),
        ("B号楼门口", "〔门牌〕门口"),
        ("3号楼1单元1102", "〔门牌〕"),
        ("银行卡6222 0212 3456 7890 123", "银行卡〔银行卡号〕"),
        ("卡号6217000012345678", "卡号〔银行卡号〕"),
        ("我叫李伟，", "我叫〔姓名〕，"),
        ("本人欧阳娜娜反映", "本人〔姓名〕反映"),
        ("姓名：张三", "姓名：〔姓名〕"),
        ("我是王小明，", "我是〔姓名〕，"),
    ],
)
def test_each_kind_of_personal_data_becomes_its_placeholder(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026年12月5日上午，民族路口的红绿灯坏了。",
        "事情发生在2026-12-05，至今未处理。",
        "罚款200元，押金1,500元，补贴3000.50元。",
        "我打了12345热线，也打过110和12315。",
        "乘坐463路、0871路公交到解放碑，再换乘轨道交通2号线。",
        "民族路、解放西路和中山三路一带噪音扰民。",
        "本人于今年3月反映过，我是业主，我是一名退休教师。",
        "5楼大厅排队的人很多，窗口只开了3个。",
        "小区有1200户，30多层的楼电梯停了一个多月。",
        "统一社会信用代码91500103MA5U123456",
        "小区的3室2厅户型漏水，2房1厅也一样。",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert redact_text(text) == text


def test_non_text_values_pass_through():
    assert redact_text(None) is None and redact_text(42) == 42 and redact_text("") == ""


def test_placeholders_follow_the_language():
    with translation.override("en"):
        assert redact_text("电话13800000001") == "电话[phone]"
    with translation.override("zh-hant"):
        assert redact_text("身份证50010319880314231X") == "身份证〔身分證號〕"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("民族路88号3单元502", "民族路"),
        ("渝中区解放碑街道民族路88号", "渝中区解放碑街道民族路"),
        ("重庆市渝中区人民大道八十八号", "重庆市渝中区人民大道"),
        ("解放碑步行街旁金科花园5栋2单元301", "解放碑步行街"),
        ("", ""),
    ],
)
def test_an_address_is_cut_to_its_road(address, public):
    assert public_address(address) == public


def test_an_address_without_a_road_falls_back_to_the_street_the_gazetteer_knows(district):
    assert public_address("通远门社区某小区5栋2单元301") == "七星岗街道"
    assert public_address("某小区5栋2单元301") == ""


SEPARATOR = st.sampled_from(["", "", "", " ", "-", "—", "\u3000"])
AROUND = st.text(alphabet="的是问题小区物业，。、 路口2026年12月5日元", max_size=20)


def typed(digits, data):
    """The digits as a person might type them: a random separator (or none) between any two."""
    return "".join(d + (data.draw(SEPARATOR) if i < len(digits) - 1 else "") for i, d in enumerate(digits))


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    kind=st.sampled_from(["id", "mobile", "card"]),
    number=st.integers(min_value=0, max_value=10**9),
    before=AROUND,
    after=AROUND,
)
def test_a_number_split_any_way_never_survives(data, kind, number, before, after):
    digits = {
        "id": f"500103198803{number % 10**6:06d}"[:17] + "X",
        "mobile": f"13{number % 10**9:09d}",
        "card": f"6222{number:09d}{number % 10**6:06d}",
    }[kind]
    out = redact_text(f"{before}，{typed(digits, data)}。{after}")  # digits next to it make another number
    squeezed = "".join(c for c in out if c.isdigit() or c in "Xx")
    assert digits not in squeezed and digits[-8:] not in squeezed
