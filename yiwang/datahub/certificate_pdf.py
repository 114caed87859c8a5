"""An electronic certificate as a PDF for its holder: its fields, its signature and a QR code that
leads to the public verification page.

Drawn on request, nothing stored; the same certificate in the same language gives the same bytes
(the creation date is the signing time). The holder's own identifier is printed masked: the PDF is
shown at counters and sent around, and the signed JSON beside it carries the full data.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from yiwang.cases.letters import FONT, FONT_NAME, _qr_png
from yiwang.core.text import localise


def certificate_filename(certificate):
    return f"certificate-{certificate.number}.pdf".replace("/", "-")


def _day(value):
    if value is None:
        return _("Long-term")
    if translation.get_language().startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def render_certificate(certificate, *, verify_url, language=None):
    """The PDF bytes of `certificate` in `language` (default: the active one)."""
    with translation.override(language or translation.get_language()):
        return _draw(certificate, verify_url)


def _draw(certificate, verify_url):
    chinese = translation.get_language().startswith("zh")
    wrap = WrapMode.CHAR if chinese else WrapMode.WORD
    pdf = FPDF(format="A4")
    pdf.set_creation_date(certificate.signed_at.astimezone(datetime.UTC))
    pdf.set_title(f"{certificate.name} {certificate.number}")
    pdf.set_author(certificate.issuer_name)
    pdf.set_subject(certificate.identifier)
    pdf.set_creator("Yiwang")
    pdf.set_lang("zh-CN" if chinese else "en")
    pdf.add_font(FONT_NAME, "", str(FONT))
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    width = pdf.epw

    pdf.set_draw_color(183, 33, 29)
    pdf.set_line_width(1.2)
    pdf.rect(15, 15, pdf.w - 30, pdf.h - 30)
    pdf.set_font(FONT_NAME, size=24)
    pdf.set_text_color(183, 33, 29)
    pdf.multi_cell(
        width, 14, localise(certificate.name), align="C", wrapmode=wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font(FONT_NAME, size=11)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 6, _("Electronic certificate"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)

    state = certificate.state()
    rows = [
        (_("Certificate number"), certificate.number),
        (_("Holder"), localise(certificate.holder_name)),
        (
            _("Holder identifier"),
            certificate.masked_holder_id
            if certificate.holder_id_type == "citizen_id"
            else certificate.holder_id,
        ),
        (_("Issuing body"), localise(certificate.issuer_name)),
        (_("Issuer's credit code"), certificate.issuer_credit_code),
        (_("Issue date"), _day(certificate.issued_on)),
        (_("Valid from"), _day(certificate.valid_from)),
        (_("Valid to"), _day(certificate.valid_to)),
        (_("Trust level"), certificate.get_trust_level_display()),
        (_("Status"), certificate.state_display()),
    ]
    rows += [(localise(label), localise(str(value))) for label, value in (certificate.content or {}).items()]
    for label, value in rows:
        pdf.set_font(FONT_NAME, size=12)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(48, 8, label)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(width - 48, 8, value, wrapmode=wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if state != certificate.VALID:
        pdf.ln(4)
        pdf.set_font(FONT_NAME, size=16)
        pdf.set_text_color(183, 33, 29)
        pdf.multi_cell(
            width,
            9,
            _("This certificate is no longer in force."),
            align="C",
            wrapmode=wrap,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    pdf.ln(6)
    if pdf.get_y() > pdf.h - 95:
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(_qr_png(verify_url), x=pdf.l_margin, y=top, w=36, h=36)
    pdf.set_xy(pdf.l_margin + 40, top)
    pdf.set_font(FONT_NAME, size=9)
    pdf.set_text_color(90, 90, 90)
    caption = width - 40
    for text in (
        _("Scan to check this certificate on the government service portal:"),
        verify_url,
        _("Identifier: %(identifier)s") % {"identifier": certificate.identifier},
        _("Signed by %(signer)s at %(time)s with SM2 (key %(key)s)")
        % {
            "signer": localise(certificate.signer),
            "time": certificate.signed_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "key": certificate.key_id,
        },
        _("Signature: %(signature)s") % {"signature": certificate.signature},
    ):
        pdf.multi_cell(caption, 4.5, text, wrapmode=WrapMode.CHAR, new_x=XPos.LEFT, new_y=YPos.NEXT)
    return bytes(pdf.output())
