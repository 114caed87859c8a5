"""What screens and staff see by default (脱敏)."""

import pytest

from yiwang.core.pii import mask_address, mask_citizen_id, mask_name, mask_phone


@pytest.mark.parametrize(
    "value, masked",
    [
        ("500103199001011234", "5001**********1234"),
        ("11010519491231002X", "1101**********002X"),
        ("1234567", "*******"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_citizen_id(value, masked):
    assert mask_citizen_id(value) == masked


@pytest.mark.parametrize("value, masked", [("13812345678", "138****5678"), ("123456", "******"), ("", "")])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    "value, masked",
    [
        ("李伟", "李*"),
        ("欧阳娜娜", "欧**娜"),
        ("张三丰", "张*丰"),
        ("Wei Li", "W*****"),
        ("李", "李"),
        ("", ""),
    ],
)
def test_mask_name(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    "value, masked",
    [
        ("重庆市渝中区解放碑街道民族路188号", "重庆市渝中区********"),
        ("渝中区七星岗1号", "渝中区七星岗**"),
        ("渝中区", "渝中区"),
    ],
)
def test_mask_address(value, masked):
    assert mask_address(value) == masked
