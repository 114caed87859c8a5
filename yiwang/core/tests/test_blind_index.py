"""blind_index: an exact lookup key that is stable, normalised, and separated by kind and key."""

from yiwang.core.pii import blind_index


def test_the_same_value_gives_the_same_index():
    first = blind_index("citizen_id", "11010519491231002X")
    assert first == blind_index("citizen_id", "11010519491231002X")
    assert len(first) == 64 and int(first, 16) >= 0


def test_spaces_and_case_do_not_change_the_index():
    expected = blind_index("citizen_id", "11010519491231002X")
    assert blind_index("citizen_id", " 110105 19491231 002x") == expected


def test_different_values_give_different_indexes():
    assert blind_index("citizen_id", "11010519491231002X") != blind_index("citizen_id", "110105194912310037")


def test_the_kind_separates_equal_values():
    assert blind_index("phone", "13800000001") != blind_index("citizen_id", "13800000001")
    assert blind_index("ab", "c") != blind_index("a", "bc")


def test_another_master_key_gives_another_index(settings):
    first = blind_index("phone", "13800000001")
    settings.PII_KEY = "01" * 32
    assert blind_index("phone", "13800000001") != first
