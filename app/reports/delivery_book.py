"""The delivery report in words: translated headers and plain rows for the writer."""

from datetime import datetime

from flask_babel import gettext as _

from app.reports.books import book_titles, cover_lines, failure_columns
from app.reports.delivery import FAILURE_REASONS, DeliveryReport
from exports.summary import (
    GRAND_TOTAL,
    GROUP_TOTAL,
    INTEGER,
    PLAIN,
    Column,
    SummaryBook,
    Table,
)

LEVELS = {"route": PLAIN, "site": GROUP_TOTAL, "total": GRAND_TOTAL}


def delivery_book(report: DeliveryReport, *, generated_by: str, generated_at: datetime):
    words = {"route": _("Traseu"), "site": _("Subtotal centru"), "total": _("Total general")}
    columns = [
        Column(_("Raion"), 18),
        Column(_("Centru"), 30),
        Column(_("Traseu"), 20),
        Column(_("Rând"), 16),
        Column(_("Liste zilnice"), 10, INTEGER),
        Column(_("Opriri planificate"), 11, INTEGER),
        Column(_("Porții"), 9, INTEGER),
        Column(_("Livrate"), 9, INTEGER),
        *failure_columns(FAILURE_REASONS),
        Column(_("Nemarcate"), 10, INTEGER),
        Column(_("Îngrijorări semnalate"), 11, INTEGER),
    ]
    rows = [
        [
            line.district,
            line.site,
            line.route,
            words[line.level],
            line.lists,
            line.stops,
            line.portions,
            line.delivered,
            *(line.failed[r.value] for r in FAILURE_REASONS),
            line.failed_total,
            line.unmarked,
            line.concerns,
        ]
        for line in report.lines
    ]
    return SummaryBook(
        cover_title=_("Raportul livrărilor la domiciliu"),
        cover=cover_lines(report.filters, generated_by=generated_by, generated_at=generated_at),
        definitions=[
            (_("Liste zilnice"), _("Listele de livrare generate pentru traseu în perioadă.")),
            (_("Opriri planificate"), _("Persoanele de pe liste, însumate pe zile.")),
            (_("Livrate"), _("Opriri marcate „livrat” de șofer.")),
            (
                _("Livrări eșuate"),
                _("Opriri din listele de livrare marcate „nelivrat”, după motiv."),
            ),
            (_("Nemarcate"), _("Opriri fără rezultat înregistrat.")),
            (_("Îngrijorări semnalate"), _("Opriri la care șoferul a semnalat o îngrijorare.")),
        ],
        tables=[
            Table(_("Trasee"), columns, rows, [LEVELS[line.level] for line in report.lines], "E2")
        ],
        **book_titles(),
    )
