#!/usr/bin/env python3
"""Keep the three catalogues complete after `make messages` has extracted new strings.

    .venv/bin/python tools/translate.py [--hans extra.json]

- zh_Hans is written by people (edit yiwang/locale/zh_Hans/LC_MESSAGES/django.po, or pass a JSON
  object {English: 简体中文} with --hans to fill many at once);
- zh_Hant entries that are empty are filled from zh_Hans with OpenCC (s2t: characters only, keeping
  mainland government terms such as 统一社会信用代码 → 統一社會信用代碼); review them like any text;
- en entries are the English source text itself (Django would otherwise fall back to zh-Hans);
- then compiles the .mo files and fails if any entry of any catalogue is still empty.
"""

import argparse
import json
import pathlib
import subprocess
import sys

import opencc

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import po  # noqa: E402

LOCALE = pathlib.Path(__file__).resolve().parent.parent / "yiwang" / "locale"


def catalogue(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def set_language(header, language):
    """A header that says its language and charset, and is not fuzzy (msgfmt skips fuzzy headers)."""
    lines = [line for line in header["msgstr"].split("\n") if line and not line.startswith("Language:")]
    header["msgstr"] = "\n".join([f"Language: {language}", *lines]) + "\n"
    header["comments"] = [
        "# Yiwang (一网). This file is distributed under the same licence as Yiwang (Apache-2.0)."
    ]
    return header


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--hans", help="JSON file of English → Simplified Chinese to fill empty zh_Hans entries"
    )
    args = parser.parse_args()

    header, hans = po.read(catalogue("zh_Hans"))
    if args.hans:
        extra = json.loads(pathlib.Path(args.hans).read_text(encoding="utf-8"))
        for entry in hans:
            if not entry["msgstr"] and entry["msgid"] in extra:
                entry["msgstr"] = extra[entry["msgid"]]
    po.write(catalogue("zh_Hans"), set_language(header, "zh_Hans"), hans)
    by_id = {(e["msgctxt"], e["msgid"]): e["msgstr"] for e in hans}

    converter = opencc.OpenCC("s2t")
    header, hant = po.read(catalogue("zh_Hant"))
    for entry in hant:
        if not entry["msgstr"] and by_id.get((entry["msgctxt"], entry["msgid"])):
            entry["msgstr"] = converter.convert(by_id[(entry["msgctxt"], entry["msgid"])])
    po.write(catalogue("zh_Hant"), set_language(header, "zh_Hant"), hant)

    header, english = po.read(catalogue("en"))
    for entry in english:
        entry["msgstr"] = entry["msgstr"] or entry["msgid"]
    po.write(catalogue("en"), set_language(header, "en"), english)

    missing = 0
    for language in ("zh_Hans", "zh_Hant", "en"):
        _header, entries = po.read(catalogue(language))
        for entry in entries:
            if not entry["msgstr"]:
                missing += 1
                print(f"{language}: untranslated: {entry['msgid']!r}")
        subprocess.run(
            [
                "msgfmt",
                "--check-format",
                "-o",
                str(catalogue(language).with_suffix(".mo")),
                str(catalogue(language)),
            ],
            check=True,
        )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
