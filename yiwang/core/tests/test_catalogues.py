"""The three language catalogues are complete and their compiled .mo files match the .po files."""

import gettext
import pathlib
import sys

import pytest
from django.test import Client
from django.utils import translation

ROOT = pathlib.Path(__file__).resolve().parents[3]
LOCALE = ROOT / "yiwang" / "locale"
sys.path.insert(0, str(ROOT / "tools"))
import po  # noqa: E402


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant", "en"])
def test_catalogue_has_no_empty_entry(language):
    _header, entries = po.read(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    empty = [e["msgid"] for e in entries if not e["msgstr"]]
    assert empty == []


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant", "en"])
def test_compiled_catalogue_matches_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    _header, entries = po.read(folder / "django.po")
    with open(folder / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def compiled_text(entry):  # an entry with a context (pgettext) is found by context and msgid
        if entry["msgctxt"] is not None:
            return compiled.pgettext(entry["msgctxt"], entry["msgid"])
        return compiled.gettext(entry["msgid"])

    stale = [e["msgid"] for e in entries if compiled_text(e) != e["msgstr"]]
    assert stale == [], "run tools/translate.py to recompile"


@pytest.mark.parametrize(
    "language, expected", [("zh-hans", "个人中心"), ("zh-hant", "個人中心"), ("en", "My centre")]
)
def test_active_language_translates(language, expected):
    with translation.override(language):
        assert translation.gettext("My centre") == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, text, absent",
    [
        ("zh-hans", "实名注册", "Register with your real name"),
        ("zh-hant", "實名註冊", "实名注册"),
        ("en", "Register with your real name", "实名注册"),
    ],
)
def test_home_page_in_each_language(language, text, absent):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["yiwang_language"] = language
    body = client.get("/").content.decode()
    assert f'lang="{language}"' in body
    assert text in body and absent not in body


def test_a_fuzzy_guess_is_not_taken_for_a_translation(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        '#, fuzzy\n#| msgid "short name"\nmsgid "English name"\nmsgstr "简称"\n\n'
        'msgid "code"\nmsgstr "编码"\n',
        encoding="utf-8",
    )

    _header, entries = po.read(path)

    assert {e["msgid"]: e["msgstr"] for e in entries} == {"English name": "", "code": "编码"}
