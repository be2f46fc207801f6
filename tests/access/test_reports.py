"""Every workbook of the Reports page, asked by a site's staff over all they see or naming
another site's district: it holds the user's own site and nothing of the other one."""

import pytest

from tests.access.test_routes import _text
from tests.conftest import login
from tests.reports.asking import ask_report


def _found(text: str, side) -> list[str]:
    return [secret for secret in side.secrets if secret in text]


@pytest.mark.parametrize("report", ["summary", "delivery", "beneficiaries"])
@pytest.mark.parametrize("district", ["none", "other"])
def test_staff_workbooks_hold_only_their_own_site(app, client, world, report, district):
    login(client, world.own.staff)
    day = world.day.isoformat()
    form = {"report": report, "start": day, "end": day}
    if district == "other":
        form["district_id"] = str(world.other.district)
    answer = ask_report(client, form)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    text = _text(answer)
    assert _found(text, world.other) == []
    if district == "none":
        # the workbook is about the user's site: the check above reads real content
        assert world.own.site_name in text
