"""Read and write gettext .po files of the simple shape `makemessages` writes (no plurals used here).

Used by tools/translate.py; kept tiny so that the project needs no extra dependency for it.
"""

import ast


def _unquote(line):
    return ast.literal_eval(line)


def read(path):
    """Return (header_lines, entries) with entries as dicts: comments, msgctxt, msgid, msgstr."""
    entries, current, field = [], None, None
    header = []
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if not line.strip():
            if current:
                entries.append(current)
            current, field = None, None
            continue
        if current is None:
            current = {"comments": [], "msgctxt": None, "msgid": "", "msgstr": ""}
        if line.startswith("#"):
            current["comments"].append(line)
        elif line.startswith("msgctxt "):
            field = "msgctxt"
            current["msgctxt"] = _unquote(line[8:])
        elif line.startswith("msgid "):
            field = "msgid"
            current["msgid"] = _unquote(line[6:])
        elif line.startswith("msgstr "):
            field = "msgstr"
            current["msgstr"] = _unquote(line[7:])
        elif line.startswith('"'):
            current[field] = (current[field] or "") + _unquote(line)
    if current:
        entries.append(current)
    if entries and entries[0]["msgid"] == "":
        header = entries.pop(0)
    for entry in entries:
        # msgmerge guesses a translation from a similar string and flags it fuzzy: a guess is not a
        # translation ("English name" once became 简称, the text of "short name"), so it is dropped.
        if any(c.startswith("#,") and "fuzzy" in c for c in entry["comments"]):
            entry["msgstr"] = ""
    return header, entries


def _quote(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def write(path, header, entries):
    out = []
    for entry in [header, *entries]:
        if not entry:
            continue
        out.extend(c for c in entry["comments"] if not c.startswith("#, fuzzy"))
        if entry["msgctxt"] is not None:
            out.append(f"msgctxt {_quote(entry['msgctxt'])}")
        out.append(f"msgid {_quote(entry['msgid'])}")
        if entry is header:
            out.append('msgstr ""')
            out.extend(_quote(line + "\n") for line in entry["msgstr"].split("\n") if line)
        else:
            out.append(f"msgstr {_quote(entry['msgstr'])}")
        out.append("")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out))
