"""What every report workbook says the same way: its cover, its failure columns, the
file a report form downloads. The words are translated here; exports/ only writes."""

from collections.abc import Sequence
from datetime import datetime

from flask_babel import gettext as _

from app.delivery.labels import REASON_LABELS
from app.delivery.models import FailureReason
from app.reports.summary.filters import SummaryFilters
from exports.summary import INTEGER, Column


def cover_lines(
    filters: SummaryFilters,
    *,
    generated_by: str,
    generated_at: datetime,
    with_filters: bool = True,
) -> list[tuple[str, object]]:
    """The period, when and by whom the file was made, and (if asked) the filters."""
    lines: list[tuple[str, object]] = [
        (_("Perioada"), f"{filters.start:%d.%m.%Y} – {filters.end:%d.%m.%Y}"),
        (_("Generat la"), generated_at.replace(tzinfo=None, microsecond=0)),
        (_("Generat de"), generated_by),
    ]
    if with_filters:
        scope = []
        if filters.district_name:
            scope.append(_("Raion: %(name)s", name=filters.district_name))
        if filters.site_name:
            scope.append(_("Centru: %(name)s", name=filters.site_name))
        lines.append((_("Filtre"), "; ".join(scope) if scope else _("Toate centrele accesibile")))
    return lines


def book_titles() -> dict[str, str]:
    """The cover sheet's title and the heading of the definitions, as keyword arguments."""
    return {
        "definitions_title": _("Ce înseamnă fiecare cifră"),
        "cover_sheet_title": _("Despre raport"),
    }


def failure_columns(reasons: Sequence[FailureReason]) -> list[Column]:
    """One column of failed deliveries per reason, then their total."""
    return [
        *(
            Column(_("Nelivrat: %(reason)s", reason=REASON_LABELS[r.value]), 12, INTEGER)
            for r in reasons
        ),
        Column(_("Livrări eșuate, total"), 11, INTEGER),
    ]
