"""The programme summary in words: translated headers and plain rows for the writer.

The column order here is the workbook's contract with the people who read it
(they build their own sheets on top of it): add columns at the end of a group, never
reorder them.
"""

from datetime import datetime
from pathlib import Path
from typing import IO

from flask_babel import gettext as _

from app.core.labels import label
from app.reports.books import book_titles, cover_lines, failure_columns
from app.reports.summary.figures import (
    DISTRICT,
    FAILURE_REASONS,
    LOCALITY,
    SITE,
    TOTAL,
    UNKNOWN,
    Summary,
)
from exports.summary import (
    DECIMAL_1,
    GRAND_TOTAL,
    GROUP_TOTAL,
    INTEGER,
    MONEY,
    PERCENT,
    PLAIN,
    SUBTOTAL,
    Column,
    MonthChart,
    SummaryBook,
    Table,
    write_summary,
)

LEVELS = {SITE: PLAIN, LOCALITY: SUBTOTAL, DISTRICT: GROUP_TOTAL, TOTAL: GRAND_TOTAL}


def _level_words() -> dict[str, str]:
    return {
        SITE: _("Centru"),
        LOCALITY: _("Subtotal localitate"),
        DISTRICT: _("Subtotal raion"),
        TOTAL: _("Total general"),
    }


def _sites_table(summary: Summary) -> Table:
    columns = [
        Column(_("Raion"), 18),
        Column(_("Localitate"), 18),
        Column(_("Centru"), 30),
        Column(_("Rând"), 16),
        Column(_("Zile de serviciu"), 10, INTEGER),
        Column(_("Prânzuri la cantină"), 11, INTEGER),
        Column(_("Prânzuri livrate"), 11, INTEGER),
        Column(_("Total prânzuri"), 11, INTEGER),
        Column(_("Locuri"), 9, INTEGER),
        Column(_("Prezență medie zilnică"), 11, DECIMAL_1),
        Column(_("Prezență față de locuri"), 11, PERCENT),
        Column(_("Persoane unice servite"), 11, INTEGER),
        Column(_("Înscrieri noi"), 10, INTEGER),
        Column(_("Ieșiri"), 9, INTEGER),
        *failure_columns(FAILURE_REASONS),
    ]
    if summary.with_parcels:
        columns.append(Column(_("Pachete distribuite"), 11, INTEGER))
    columns += [
        Column(_("Normă zilnică (lei)"), 11, MONEY),
        Column(_("Cost (lei)"), 13, MONEY),
    ]
    words = _level_words()
    rows, levels = [], []
    for line in summary.lines:
        f = line.figures
        row = [
            line.district,
            line.locality,
            line.site,
            words[line.level],
            f.service_days,
            f.meals_canteen,
            f.meals_delivered,
            f.meals_total,
            f.capacity,
            line.average_daily,
            line.capacity_used,
            f.unique_people,
            f.new_enrolments,
            f.exits,
            *(f.failed[r.value] for r in FAILURE_REASONS),
            f.failed_total,
        ]
        if summary.with_parcels:
            row.append(f.parcels)
        row += [line.norm, f.cost]
        rows.append(row)
        levels.append(LEVELS[line.level])
    return Table(_("Centre"), columns, rows, levels, freeze="E2")


def _people_table(summary: Summary) -> Table:
    columns = [
        Column(_("Raion"), 20),
        Column(_("Categorie"), 40),
        Column(_("Femei"), 9, INTEGER),
        Column(_("Bărbați"), 9, INTEGER),
        Column(_("Sex nespecificat"), 11, INTEGER),
        *(Column(_("%(group)s ani", group=group), 9, INTEGER) for group in summary.age_groups),
        Column(_("Vârstă necunoscută"), 11, INTEGER),
        Column(_("Total persoane"), 11, INTEGER),
    ]
    every_person = _("Toate persoanele")
    all_districts = _("Toate raioanele")
    rows, levels = [], []
    for line in summary.people:
        rows.append(
            [
                line.district if line.district is not None else all_districts,
                label(line.category) if line.category is not None else every_person,
                line.by_sex["F"],
                line.by_sex["M"],
                line.by_sex[UNKNOWN],
                *(line.by_age[group] for group in summary.age_groups),
                line.by_age[UNKNOWN],
                line.total,
            ]
        )
        if line.category is not None:
            levels.append(PLAIN)
        else:
            levels.append(GROUP_TOTAL if line.district is not None else GRAND_TOTAL)
    return Table(_("Persoane"), columns, rows, levels, freeze="C2")


def _months_table(summary: Summary) -> Table:
    columns = [
        Column(_("Luna"), 12),
        Column(_("Zile de serviciu (centre × zile)"), 12, INTEGER),
        Column(_("Prânzuri la cantină"), 11, INTEGER),
        Column(_("Prânzuri livrate"), 11, INTEGER),
        Column(_("Total prânzuri"), 11, INTEGER),
        Column(_("Persoane unice servite"), 11, INTEGER),
        Column(_("Înscrieri noi"), 10, INTEGER),
        Column(_("Ieșiri"), 9, INTEGER),
        Column(_("Livrări eșuate, total"), 11, INTEGER),
        Column(_("Cost (lei)"), 13, MONEY),
    ]
    rows = [
        [
            f"{line.year}-{line.month:02d}",
            line.figures.service_days,
            line.figures.meals_canteen,
            line.figures.meals_delivered,
            line.figures.meals_total,
            line.figures.unique_people,
            line.figures.new_enrolments,
            line.figures.exits,
            line.figures.failed_total,
            line.figures.cost,
        ]
        for line in summary.months
    ]
    return Table(_("Luni"), columns, rows, freeze="B2")


def _definitions(summary: Summary) -> list[tuple[str, str]]:
    groups = ", ".join(summary.age_groups)
    items = [
        (
            _("Zile de serviciu"),
            _(
                "Zilele în care centrul servește după calendar (zile lucrătoare fără "
                "sărbători legale, cu închiderile și deschiderile excepționale). "
                "La subtotaluri: suma zilelor centrelor."
            ),
        ),
        (
            _("Prânzuri la cantină"),
            _("Prânzuri marcate „prezent” la cantină în perioadă."),
        ),
        (
            _("Prânzuri livrate"),
            _("Prânzuri marcate „livrat” la domiciliu în perioadă."),
        ),
        (_("Total prânzuri"), _("Prânzuri la cantină plus prânzuri livrate.")),
        (
            _("Locuri"),
            _("Capacitatea centrului la prânz la cantină plus livrare la domiciliu."),
        ),
        (
            _("Prezență medie zilnică"),
            _(
                "Total prânzuri împărțit la zilele de serviciu; la subtotaluri, suma "
                "mediilor centrelor."
            ),
        ),
        (_("Prezență față de locuri"), _("Prezența medie zilnică împărțită la locuri.")),
        (
            _("Persoane unice servite"),
            _(
                "Persoane cu cel puțin un prânz sau o zi la centrul de zi în perioadă, "
                "numărate o singură dată la fiecare nivel (centru, localitate, raion, total)."
            ),
        ),
        (
            _("Înscrieri noi"),
            _("Persoane a căror înscriere (prânz, livrare, centru de zi) începe în perioadă."),
        ),
        (
            _("Ieșiri"),
            _("Persoane a căror înscriere s-a încheiat cu ieșire în perioadă."),
        ),
        (
            _("Livrări eșuate"),
            _("Opriri din listele de livrare marcate „nelivrat”, după motiv."),
        ),
        (
            _("Cost (lei)"),
            _("Total prânzuri înmulțit cu norma zilnică a centrului, unde este stabilită."),
        ),
        (
            _("Persoane"),
            _(
                "Persoane unice servite după categorie, sex și grupă de vârstă (%(groups)s "
                "ani, vârsta la sfârșitul perioadei). O persoană cu mai multe categorii "
                "apare în fiecare categorie a sa; rândul „Toate persoanele” o numără o dată.",
                groups=groups,
            ),
        ),
    ]
    if summary.with_parcels:
        items.append((_("Pachete distribuite"), _("Pachete alimentare înmânate în perioadă.")))
    return items


def summary_book(summary: Summary, *, generated_by: str, generated_at: datetime) -> SummaryBook:
    """The whole workbook in words, in the current language."""
    cover = [
        *cover_lines(summary.filters, generated_by=generated_by, generated_at=generated_at),
        (_("Centre incluse"), len(summary.site_lines)),
    ]
    months = _months_table(summary)
    return SummaryBook(
        cover_title=_("Raport de sinteză al programului"),
        cover=cover,
        definitions=_definitions(summary),
        tables=[_sites_table(summary), _people_table(summary), months],
        chart=(
            2,
            MonthChart(
                title=_("Prânzuri pe luni"),
                y_title=_("Prânzuri"),
                category_column=1,
                series_columns=[3, 4],
            ),
        ),
        **book_titles(),
    )


def write_summary_workbook(
    summary: Summary,
    target: str | Path | IO[bytes],
    *,
    generated_by: str,
    generated_at: datetime,
    on_sheet=None,
) -> None:
    write_summary(
        summary_book(summary, generated_by=generated_by, generated_at=generated_at),
        target,
        on_sheet,
    )
