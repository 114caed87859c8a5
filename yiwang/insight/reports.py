"""The leaders' monthly report (PDF and Excel) and the supervision statistics (Excel).

Everything in them comes from the counts (kpis.py, supervision.py); the files are drawn on request
and not stored. The PDF embeds the WQY font shipped with the cases app, so it reads the same on
any machine.
"""

import datetime
import io

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from yiwang.accounts.models import Department
from yiwang.cases.letters import FONT, FONT_NAME
from yiwang.core.spreadsheet import spreadsheet_cell, spreadsheet_row
from yiwang.insight import kpis

# (key, label, unit) of the figures a report and the dashboard show, in this order.
FLOW_KPIS = (
    ("cases_submitted", gettext_lazy("Applications submitted"), ""),
    ("cases_finished", gettext_lazy("Cases finished"), ""),
    ("on_time_rate", gettext_lazy("Finished on time"), "%"),
    ("tickets_received", gettext_lazy("12345 tickets received"), ""),
    ("tickets_closed", gettext_lazy("12345 tickets closed"), ""),
    ("response_rate", gettext_lazy("12345 response rate"), "%"),
    ("solved_rate", gettext_lazy("12345 solved rate"), "%"),
    ("ticket_satisfied_rate", gettext_lazy("12345 satisfaction rate"), "%"),
    ("ticket_on_time_rate", gettext_lazy("12345 closed on time"), "%"),
    ("repeat_rate", gettext_lazy("12345 repeated calls"), "%"),
    ("handling_hours", gettext_lazy("12345 average handling time (hours)"), ""),
    ("evaluations", gettext_lazy("Evaluations"), ""),
    ("good_rate", gettext_lazy("Good reviews"), "%"),
    ("satisfied_rate", gettext_lazy("Satisfied reviews"), "%"),
    ("fix_rate", gettext_lazy("Bad reviews fixed"), "%"),
)
CATALOGUE_KPIS = (
    ("items", gettext_lazy("Published service items"), ""),
    ("online_rate", gettext_lazy("Fully online (level IV)"), "%"),
    ("immediate_rate", gettext_lazy("Decided on the spot"), "%"),
    ("zero_visit_rate", gettext_lazy("No visit needed"), "%"),
    ("one_visit_rate", gettext_lazy("At most one visit"), "%"),
    ("compression_rate", gettext_lazy("Promised limit shorter than statutory"), "%"),
    ("material_rate", gettext_lazy("Materials fetched by data sharing"), "%"),
)
DEPARTMENT_COLUMNS = (
    ("cases_finished", gettext_lazy("Cases finished"), ""),
    ("on_time_rate", gettext_lazy("Finished on time"), "%"),
    ("tickets_closed", gettext_lazy("12345 tickets closed"), ""),
    ("response_rate", gettext_lazy("12345 response rate"), "%"),
    ("solved_rate", gettext_lazy("12345 solved rate"), "%"),
    ("ticket_satisfied_rate", gettext_lazy("12345 satisfaction rate"), "%"),
    ("good_rate", gettext_lazy("Good reviews"), "%"),
)
SUPERVISION_COLUMNS = (
    ("started", gettext_lazy("Time limits started"), ""),
    ("met", gettext_lazy("Stopped in time"), ""),
    ("late", gettext_lazy("Stopped late"), ""),
    ("met_rate", gettext_lazy("In time"), "%"),
    ("urged", gettext_lazy("Urging notices"), ""),
    ("escalated", gettext_lazy("Escalations"), ""),
    ("cases", gettext_lazy("Cases finished"), ""),
    ("case_on_time_rate", gettext_lazy("Finished on time"), "%"),
    ("tickets", gettext_lazy("12345 tickets closed"), ""),
    ("ticket_on_time_rate", gettext_lazy("12345 closed on time"), "%"),
    ("red_now", gettext_lazy("Overdue now"), ""),
)


def shown(value, unit=""):
    if value is None:
        return "—"
    return f"{value}{unit}"


def monthly_report(first, last, departments=None):
    """The figures of a month and of the month before, per department, the catalogue, hot places."""
    before_last = first - datetime.timedelta(days=1)
    before_first = before_last.replace(day=1)
    per = kpis.department_figures(first, last, departments, kpis.MONTH)
    names = dict(Department.objects.filter(pk__in=[d for d in per if d]).values_list("pk", "name"))
    places = sorted(
        kpis.places(first, last, departments, kpis.MONTH).items(), key=lambda kv: (-kv[1], kv[0])
    )[:10]
    place_names = dict(
        Department.objects.filter(pk__in=[s for (s, _c), _n in places if s]).values_list("pk", "name")
    )
    from yiwang.hotline.models import Category

    category_names = dict(
        Category.objects.filter(pk__in=[c for (_s, c), _n in places if c]).values_list("pk", "name")
    )
    return {
        "first": first,
        "last": last,
        "now": kpis.scope_figures(first, last, departments, kpis.MONTH),
        "before": kpis.scope_figures(before_first, before_last, departments, kpis.MONTH),
        "catalogue": kpis.catalogue_figures(departments),
        "departments": sorted(
            ((names.get(d, _("No department yet")), figures) for d, figures in per.items()),
            key=lambda row: row[0],
        ),
        "places": [
            (place_names.get(s, _("Street not known")), category_names.get(c, _("Not categorised yet")), n)
            for (s, c), n in places
        ],
    }


def _title(report):
    return _("%(district)s monthly report %(month)s") % {
        "district": settings.YIWANG_DISTRICT_NAME,
        "month": report["first"].strftime("%Y-%m"),
    }


def report_xlsx(report):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    sheet.append([_title(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Figure"), report["first"].strftime("%Y-%m"), _("Month before")])
    for key, text, _unit in FLOW_KPIS:
        sheet.append([str(text), report["now"][key], report["before"][key]])
    sheet.append([])
    sheet.append([_("Service catalogue"), _("Now")])
    for key, text, _unit in CATALOGUE_KPIS:
        sheet.append([str(text), report["catalogue"][key]])
    sheet.column_dimensions["A"].width = 40
    departments = book.create_sheet(_("Departments")[:31])
    departments.append([_("Department"), *[str(text) for _k, text, _u in DEPARTMENT_COLUMNS]])
    for name, figures in report["departments"]:
        departments.append([spreadsheet_cell(name), *[figures[key] for key, _t, _u in DEPARTMENT_COLUMNS]])
    departments.column_dimensions["A"].width = 30
    places = book.create_sheet(_("Hot places")[:31])
    places.append([_("Street"), _("Category"), _("Tickets")])
    for row in report["places"]:
        places.append(spreadsheet_row(row))
    return _xlsx_bytes(book)


def supervision_xlsx(rows, month):
    book = Workbook()
    sheet = book.active
    sheet.title = month
    sheet.append([_("Department"), *[str(text) for _k, text, _u in SUPERVISION_COLUMNS]])
    for row in rows:
        sheet.append(
            [
                spreadsheet_cell(row["department"]) or _("No department yet"),
                *[row[key] for key, _t, _u in SUPERVISION_COLUMNS],
            ]
        )
    sheet.column_dimensions["A"].width = 30
    return _xlsx_bytes(book)


def _xlsx_bytes(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Report(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font(FONT_NAME, size=8)
        self.cell(0, 6, f"{self.page_no()}", align="C")


def report_pdf(report):
    pdf = _Report(format="A4")
    pdf.set_creation_date(datetime.datetime.combine(report["last"], datetime.time(), tzinfo=datetime.UTC))
    pdf.set_title(_title(report))
    pdf.add_font(FONT_NAME, "", str(FONT))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT_NAME, size=16)
    pdf.cell(0, 12, _title(report), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="C")
    pdf.set_font(FONT_NAME, size=9)
    pdf.cell(
        0,
        6,
        _("%(first)s to %(last)s, from the dashboard's counts")
        % {"first": report["first"].isoformat(), "last": report["last"].isoformat()},
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
        align="C",
    )
    _table(
        pdf,
        _("Figures"),
        [_("Figure"), report["first"].strftime("%Y-%m"), _("Month before")],
        [
            [str(text), shown(report["now"][key], unit), shown(report["before"][key], unit)]
            for key, text, unit in FLOW_KPIS
        ],
        widths=(3, 1, 1),
    )
    _table(
        pdf,
        _("Service catalogue"),
        [_("Figure"), _("Now")],
        [[str(text), shown(report["catalogue"][key], unit)] for key, text, unit in CATALOGUE_KPIS],
        widths=(3, 1),
    )
    _table(
        pdf,
        _("Departments"),
        [_("Department"), *[str(text) for _k, text, _u in DEPARTMENT_COLUMNS]],
        [
            [name, *[shown(figures[key], unit) for key, _t, unit in DEPARTMENT_COLUMNS]]
            for name, figures in report["departments"]
        ],
        widths=(3, 1, 1, 1, 1, 1, 1, 1),
        size=7,
    )
    _table(
        pdf,
        _("Hot places"),
        [_("Street"), _("Category"), _("Tickets")],
        [[street, category, str(n)] for street, category, n in report["places"]],
        widths=(2, 2, 1),
    )
    return bytes(pdf.output())


def _table(pdf, heading, header, rows, widths, size=9):
    pdf.ln(4)
    pdf.set_font(FONT_NAME, size=12)
    pdf.cell(0, 8, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_NAME, size=size)
    if not rows:
        pdf.cell(0, 6, _("Nothing recorded in this month."), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=size * 0.6,
        headings_style=FontFace(emphasis="", fill_color=(230, 236, 245)),
    ) as table:
        for values in [header, *rows]:
            line = table.row()
            for value in values:
                line.cell(str(value))
