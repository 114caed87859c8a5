"""The decision letter: a PDF with the Chinese font embedded, drawn the same way every time."""

import re
import zlib

import pytest

from yiwang.cases.actions import do_refuse_case
from yiwang.cases.letters import letter_is_available, render_letter
from yiwang.cases.models import Case
from yiwang.cases.tests.portal_world import decided

URL = "https://yiwang.example/cases/x/"


def pdf_text(pdf):
    """The text of a PDF drawn by fpdf2: glyph ids in the content streams, read back through the
    embedded fonts' ToUnicode maps (no PDF library needed)."""
    streams = []
    for match in re.finditer(rb"<<((?:[^<>]|<<[^<>]*>>|<[^<>]*>)*)>>\s*stream\r?\n", pdf):
        length = int(re.search(rb"/Length (\d+)", match.group(1)).group(1))
        data = pdf[match.end() : match.end() + length]
        if b"/FlateDecode" in match.group(1):
            try:
                data = zlib.decompress(data)
            except zlib.error:
                continue
        streams.append(data)
    glyphs = {}
    for stream in streams:
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
            for gid, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                glyphs[int(gid, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
            for low, high, start in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
            ):
                for offset in range(int(high, 16) - int(low, 16) + 1):
                    glyphs[int(low, 16) + offset] = chr(int(start, 16) + offset)
    text = []
    for stream in streams:
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", stream, re.S):
            raw = _unescape(literal)
            text.append(
                "".join(glyphs.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw), 2))
            )
    return "\n".join(text)


def _unescape(literal):
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    return re.sub(
        rb"\\([0-7]{1,3}|.)",
        lambda m: (
            bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit() else escapes.get(m.group(1), m.group(1))
        ),
        literal,
        flags=re.S,
    )


@pytest.fixture
def approved(calendar, submitted_case, officer, head):
    return decided(submitted_case, officer, head)


def test_an_approval_letter_embeds_the_font_and_names_the_case(approved):
    pdf = render_letter(approved, verify_url=URL, language="zh-hans")
    text = pdf_text(pdf)

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in pdf and b"WenQuanYi" in pdf  # embedded, as a subset
    assert len(pdf) < 200_000  # a subset, not the 4.6 MB font
    assert approved.number in text and approved.letter_number in text
    assert "准予决定书" in text and "个体工商户设立登记" in text and "市场监督管理局" in text
    assert approved.applicant.person.masked_id_number in text
    assert approved.applicant.person.id_number not in text
    assert "行政复议" not in text  # an approval needs no remedy
    assert b"/Subtype /Image" in pdf  # the QR code


def test_a_letter_is_the_same_bytes_every_time(approved):
    assert render_letter(approved, verify_url=URL, language="zh-hans") == render_letter(
        approved, verify_url=URL, language="zh-hans"
    )


def test_a_denial_gives_the_reason_and_how_to_appeal(calendar, submitted_case, officer, head):
    case = decided(submitted_case, officer, head, approve=False, reason="经营场所为住宅，不符合规定。")

    text = pdf_text(render_letter(case, verify_url=URL, language="zh-hans"))

    assert "不予批准决定书" in text and "经营场所为住宅，不符合规定。" in text
    assert "60" in text and "行政复议" in text and "行政诉讼" in text and "6" in text


def test_a_refusal_at_acceptance_has_its_letter(submitted_case, officer):
    case = do_refuse_case(submitted_case, actor=officer, reason="不属于本部门职责。")

    assert letter_is_available(case)
    text = pdf_text(render_letter(case, verify_url=URL, language="zh-hans"))
    assert "不予受理决定书" in text and "不属于本部门职责。" in text and "行政复议" in text


def test_an_english_letter(approved):
    text = pdf_text(render_letter(approved, verify_url=URL, language="en"))

    assert "Decision to approve" in text and approved.number in text


def test_no_letter_before_a_decision(submitted_case):
    assert not letter_is_available(submitted_case)
    assert submitted_case.status == Case.SUBMITTED
