"""The delivery report per route: delivered, not delivered by reason, concerns."""

import io

from openpyxl import load_workbook

from app.delivery.models import DeliveryStop
from app.extensions import db
from app.reports.delivery import delivery_report
from app.reports.summary import resolve_filters
from tests.reports.asking import ask_report
from tests.reports.conftest import NOVEMBER

FORM = {"report": "delivery", "start": "2026-11-01", "end": "2026-11-30"}


def _report(visible=None, **filters):
    return delivery_report(resolve_filters(*NOVEMBER, visible=visible, **filters), visible=visible)


def test_routes_with_outcomes_and_totals(ctx, world):
    stop = db.session.scalars(
        db.select(DeliveryStop).where(DeliveryStop.outcome.is_not(None))
    ).first()
    stop.concern = True
    db.session.flush()
    lines = _report().lines
    assert [(line.level, line.route) for line in lines] == [
        ("route", "Traseul 1"),
        ("site", ""),
        ("total", ""),
    ]
    route = lines[0]
    assert (route.lists, route.stops, route.portions, route.delivered) == (3, 3, 3, 1)
    assert route.failed == {"not_home": 1, "refused": 1, "in_hospital": 0, "other": 0}
    assert (route.failed_total, route.unmarked, route.concerns) == (2, 0, 1)
    for line in lines[1:]:
        assert (line.stops, line.delivered, line.failed_total, line.concerns) == (3, 1, 2, 1)


def test_staff_of_another_site_get_none_of_it(ctx, world):
    lines = _report(visible={world.s3.id}).lines
    assert [line.level for line in lines] == ["total"]
    assert lines[0].stops == 0


def test_page_downloads_the_delivery_report(client, world, login_as):
    login_as("staff", [world.s1])
    response = ask_report(client, FORM)
    assert response.status_code == 200
    assert "livrari-2026-11-01-2026-11-30.xlsx" in response.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.data))
    assert wb.sheetnames == ["Despre raport", "Trasee"]
    rows = list(wb["Trasee"].iter_rows(values_only=True))
    assert rows[1][:4] == ("Alfa", "Cantina Unu", "Traseul 1", "Traseu")
    assert rows[-1][3] == "Total general" and rows[-1][5] == 3
    assert wb["Trasee"].freeze_panes == "E2"
    refused = ask_report(client, {**FORM, "site_id": world.s3.id})
    assert refused.status_code == 403


def test_cli_writes_the_delivery_report(app, world, tmp_path):
    target = tmp_path / "livrari.xlsx"
    result = app.test_cli_runner().invoke(
        args=["report", "delivery", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "3 stop(s), 1 delivered, 2 not" in result.output
    assert load_workbook(target)["Trasee"].max_row == 4
    bad = app.test_cli_runner().invoke(
        args=["report", "delivery", "--from", "2026-11-01", "--to", "x", "-o", str(target)]
    )
    assert bad.exit_code == 2
