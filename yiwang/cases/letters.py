"""The decision letter (决定书) of a decided case, as a PDF drawn on request.

Three kinds: 准予决定书 (approved), 不予批准决定书 (denied) and 不予受理决定书 (not accepted). A
letter names the department, its number (`case.letter_number`), the applicant (ID masked), the
item, the case number, the dates, the decision and its reason; a refusal says how to contest it
(行政复议 within 60 days, 行政诉讼 within six months); a QR code leads to the case page and, when
given, a second one to the signed rating link of 好差评 (channel code 3, `feedback/links.py`).

Nothing is stored: the same case in the same language gives the same bytes (the creation date is
the decision's, not the clock's). The Chinese font is embedded as a subset (fpdf2), from the copy
in `cases/fonts/` so that a letter looks the same on any machine.
"""

import datetime
import io
from pathlib import Path

import qrcode
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from yiwang.accounts.models import Enterprise, Person
from yiwang.cases.models import Case
from yiwang.core.pii import mask_citizen_id
from yiwang.core.text import localise

FONT = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttf"
FONT_NAME = "wqy"
LETTER_STATUSES = frozenset({Case.FINISHED, Case.DELIVERED, Case.NOT_ACCEPTED})
RECONSIDERATION_DAYS = 60  # 《行政复议法》第二十条
LAWSUIT_MONTHS = 6  # 《行政诉讼法》第四十六条


def letter_is_available(case):
    """A letter exists for a case that was finished (approved or denied) or not accepted."""
    return case.status in LETTER_STATUSES and bool(case.result) and bool(case.letter_number)


def letter_title(case):
    return {
        Case.APPROVE: _("Decision to approve"),
        Case.DENY: _("Decision to deny"),
        Case.REFUSE: _("Decision not to accept"),
    }[case.result]


def letter_filename(case):
    return f"decision-{case.number}.pdf"


def _applicant_lines(case):
    applicant = case.applicant
    person = Person.objects.filter(pk=applicant.pk).first()
    if person is not None:
        return [
            _("Applicant: %(name)s") % {"name": person.name},
            _("Citizen ID number: %(id)s") % {"id": mask_citizen_id(person.id_number)},
        ]
    enterprise = Enterprise.objects.filter(pk=applicant.pk).first()
    if enterprise is not None:
        return [
            _("Applicant: %(name)s") % {"name": localise(enterprise.name)},
            _("Unified social credit code: %(code)s") % {"code": enterprise.credit_code},
        ]
    return [_("Applicant: %(name)s") % {"name": applicant.name}]


def _day(moment):
    if moment is None:
        return "—"
    day = timezone.localtime(moment).date()
    if translation.get_language().startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def _decision(case, result_name):
    if case.result == Case.APPROVE:
        if result_name:
            return _(
                "After review, the application meets the statutory conditions and standards. This department "
                "decides to approve it and issues the result (%(result)s) with this decision."
            ) % {"result": result_name}
        return _(
            "After review, the application meets the statutory conditions and standards. "
            "This department decides to approve it."
        )
    if case.result == Case.DENY:
        return _(
            "After review, this department decides not to approve the application, for this reason: "
            "%(reason)s"
        ) % {"reason": case.result_reason}
    return _(
        "After examination, this department decides not to accept the application, for this reason: "
        "%(reason)s"
    ) % {"reason": case.result_reason}


def _remedy():
    district = localise(settings.YIWANG_DISTRICT_NAME, settings.YIWANG_DISTRICT_NAME_EN)
    return _(
        "If you do not accept this decision, you may apply for administrative reconsideration "
        "(行政复议) to the %(district)s People's Government within %(days)s days of receiving it, or bring "
        "an administrative lawsuit (行政诉讼) before a people's court within %(months)s months of "
        "receiving it."
    ) % {"district": district, "days": RECONSIDERATION_DAYS, "months": LAWSUIT_MONTHS}


def _qr_png(url):
    qr = qrcode.QRCode(border=1, box_size=6, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image().save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def render_letter(case, *, verify_url, rate_url=None, language=None):
    """The PDF bytes of the case's decision letter in `language` (default: the active one)."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return _draw(case, verify_url, rate_url)


def _draw(case, verify_url, rate_url=None):
    chinese = translation.get_language().startswith("zh")
    wrap = WrapMode.CHAR if chinese else WrapMode.WORD
    version, department = case.version, case.department
    department_name = department.display_name
    item_name = localise(version.name)
    result_name = localise(version.result_name)
    issued = case.finished_at or case.decided_at or case.updated_at

    pdf = FPDF(format="A4")
    pdf.set_creation_date(issued.astimezone(datetime.UTC))
    pdf.set_title(f"{letter_title(case)} {case.letter_number}")
    pdf.set_author(department_name)
    pdf.set_subject(case.number)
    pdf.set_creator("Yiwang")
    pdf.set_lang("zh-CN" if chinese else "en")
    pdf.add_font(FONT_NAME, "", str(FONT))
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    width = pdf.epw

    def line(text, size=12, align="L", gap=2, color=(0, 0, 0)):
        pdf.set_font(FONT_NAME, size=size)
        pdf.set_text_color(*color)
        pdf.multi_cell(
            width, size * 0.55, text, align=align, wrapmode=wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(gap)

    line(department_name, size=18, align="C", gap=1, color=(183, 33, 29))
    line(letter_title(case), size=22, align="C", gap=2, color=(183, 33, 29))
    line(case.letter_number, size=12, align="C", gap=3)
    pdf.set_draw_color(183, 33, 29)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(5)

    for text in _applicant_lines(case):
        line(text, gap=0.5)
    pdf.ln(3)
    line(
        _(
            "On %(submitted)s you applied for %(item)s (case number %(number)s). This department accepted "
            "the application on %(accepted)s."
        )
        % {
            "submitted": _day(case.submitted_at),
            "item": item_name,
            "number": case.number,
            "accepted": _day(case.accepted_at),
        }
        if case.accepted_at
        else _("On %(submitted)s you applied for %(item)s (case number %(number)s).")
        % {"submitted": _day(case.submitted_at), "item": item_name, "number": case.number},
        gap=3,
    )
    line(_decision(case, result_name), gap=3)
    if version.legal_basis:
        line(_("Legal basis: %(basis)s") % {"basis": localise(version.legal_basis)}, size=11, gap=3)
    if case.result != Case.APPROVE:
        line(_remedy(), gap=3)

    rows = [
        (_("Service item"), item_name),
        (_("Case number"), case.number),
        (_("Decision letter number"), case.letter_number),
        (_("Submitted on"), _day(case.submitted_at)),
    ]
    if case.accepted_at:
        rows.append((_("Accepted on"), _day(case.accepted_at)))
    rows.append((_("Decided on"), _day(case.decided_at)))
    pdf.ln(2)
    pdf.set_font(FONT_NAME, size=10)
    for label, value in rows:
        pdf.set_text_color(90, 90, 90)
        pdf.cell(42, 6, label)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(width - 42, 6, value, wrapmode=wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.ln(8)
    if pdf.get_y() > pdf.h - (120 if rate_url else 80):
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(_qr_png(verify_url), x=pdf.l_margin, y=top, w=32, h=32)
    caption = width * 0.55 - 36
    pdf.set_xy(pdf.l_margin + 36, top + 2)
    pdf.set_font(FONT_NAME, size=9)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        caption,
        4.5,
        _("Scan to check this decision on the government service portal:"),
        wrapmode=wrap,
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )
    pdf.multi_cell(caption, 4.5, verify_url, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT_NAME, size=13)
    pdf.set_xy(pdf.l_margin + width * 0.55, top + 6)
    pdf.multi_cell(width * 0.45, 7, f"{department_name}\n{_day(issued)}", align="R", wrapmode=wrap)
    if rate_url:
        _draw_rating_code(pdf, rate_url, top + 40, caption, wrap)
    return bytes(pdf.output())


def _draw_rating_code(pdf, rate_url, top, caption, wrap):
    """The 好差评 QR code under the verification code: scanning it opens the rating form of this case."""
    pdf.image(_qr_png(rate_url), x=pdf.l_margin, y=top, w=32, h=32)
    pdf.set_xy(pdf.l_margin + 36, top + 2)
    pdf.set_font(FONT_NAME, size=9)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        caption,
        4.5,
        _("Scan to rate this service (好差评): how satisfied are you?"),
        wrapmode=wrap,
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(0, 0, 0)
