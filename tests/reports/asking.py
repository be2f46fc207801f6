"""Asking for a report as the Reports page does: the form starts a job, its page follows
it, and the workbook is downloaded from the link the finished job's page gives."""

import re

LINK = re.compile(r'href="(/reports/jobs/[0-9a-f]+/file)"')


def ask_report(client, form: dict):
    """The workbook's answer once the report's job is done; a refused form's own answer."""
    started = client.post("/reports", data=form)
    if started.status_code != 303:
        return started
    assert started.location.startswith("/reports/jobs/"), started.location
    page = client.get(started.location)
    assert page.status_code == 200, page.status_code
    link = LINK.search(page.get_data(as_text=True))
    assert link is not None, "the job's page offers no download"
    with client.get(link.group(1)) as workbook:
        workbook.get_data()  # read whole, so the file is released when closed
    return workbook
