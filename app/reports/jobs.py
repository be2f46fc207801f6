"""Reports asked on the Reports page, made as background jobs (app/core/jobs.py).

The request checks the form and the filters against what the user may see, then a job
reads the figures (step 1 of 3), writes the sheets (step 2) and saves the file
(step 3), reporting each step to its state. The workbook lands in
EXPORTS_DIR/on-demand/ under the job's random token, beside the state that says whose
it is; it is written under a temporary name and renamed when whole. Both are removed
REPORT_JOB_KEEP_HOURS later (a beneficiary list holds personal data).
"""

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core import jobs
from app.core.clock import now_local
from app.core.files import export_temp, sweep
from app.reports.delivery import delivery_report
from app.reports.delivery_book import delivery_book
from app.reports.parcels import parcels_data
from app.reports.people import people_book, people_rows
from app.reports.summary import SummaryFilters, age_bounds, programme_summary
from app.reports.summary_book import write_summary_workbook
from exports.parcels_report import write_parcels_report
from exports.summary import write_report

KIND = "report"
FOLDER = "on-demand"
STEPS = 3  # read the figures, write the sheets, save the file
READING, WRITING, SAVING = "reading", "writing", "saving"
FAILED = _l("Raportul nu a putut fi pregătit. Încercați din nou.")
JOB_FILES = ("*.json", "*.xlsx", "*.part")


@dataclass(frozen=True)
class Asker:
    """Who asked, as the job needs it once the request is over."""

    user_id: int
    name: str
    sees_idnp: bool


def _summary(filters, visible, asker: Asker):
    summary = programme_summary(filters, visible=visible, age_bounds=age_bounds())

    def write(path, on_sheet):
        write_summary_workbook(
            summary, path, generated_by=asker.name, generated_at=now_local(), on_sheet=on_sheet
        )

    return write


def _delivery(filters, visible, asker: Asker):
    report = delivery_report(filters, visible=visible)

    def write(path, on_sheet):
        book = delivery_book(report, generated_by=asker.name, generated_at=now_local())
        write_report(book, path, on_sheet)

    return write


def _beneficiaries(filters, visible, asker: Asker):
    rows = people_rows(filters, visible=visible, with_idnp=asker.sees_idnp)

    def write(path, on_sheet):
        book = people_book(
            filters,
            rows,
            with_idnp=asker.sees_idnp,
            generated_by=asker.name,
            generated_at=now_local(),
        )
        write_report(book, path, on_sheet)

    return write


def _parcels(filters, visible, asker: Asker):
    data = parcels_data(filters, visible=visible, generated_by=asker.name, generated_at=now_local())
    return lambda path, on_sheet: write_parcels_report(data, path, on_sheet)


# a report: read its figures, and give back how to write them into a file
READERS: dict[str, Callable] = {
    "summary": _summary,
    "delivery": _delivery,
    "beneficiaries": _beneficiaries,
    "parcels": _parcels,
}
FILE_NAMES = {
    "summary": "sinteza",
    "delivery": "livrari",
    "beneficiaries": "beneficiari",
    "parcels": "pachete",
}


def jobs_dir() -> Path:
    """The folder of the reports asked on the page; old ones are swept on the way."""
    folder = Path(current_app.config["EXPORTS_DIR"]) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    sweep(folder, JOB_FILES, current_app.config.get("REPORT_JOB_KEEP_HOURS", 24) * 3600)
    return folder


def report_path(folder: Path, token: str) -> Path:
    return folder / f"{token}.xlsx"


def download_name(report: str, filters: SummaryFilters) -> str:
    return f"{FILE_NAMES[report]}-{filters.start.isoformat()}-{filters.end.isoformat()}.xlsx"


def start_report(
    report: str,
    filters: SummaryFilters,
    *,
    visible: set[int] | None,
    asker: Asker,
    language: str,
) -> str:
    """Start making a report whose filters were checked (resolve_filters); its token."""
    folder = jobs_dir()
    scope = None if visible is None else sorted(visible)
    state = {
        "user_id": asker.user_id,
        "report": report,
        "scope": scope,
        "download_name": download_name(report, filters),
        "step": 0,
        "steps": STEPS,
        "stage": READING,
        "sheets": 0,
        "waiting": False,
    }
    filters = SummaryFilters(**asdict(filters))  # the job's own copy

    def work(progress) -> dict:
        progress(step=1, stage=READING)
        write = READERS[report](filters, None if scope is None else set(scope), asker)
        progress(step=2, stage=WRITING)
        handle, partial = export_temp(folder)
        os.close(handle)
        try:
            sheets = 0

            def on_sheet():
                nonlocal sheets
                sheets += 1
                progress(sheets=sheets)

            write(partial, on_sheet)
            progress(step=3, stage=SAVING)
            os.replace(partial, report_path(folder, token))
        finally:
            Path(partial).unlink(missing_ok=True)
        return {"step": STEPS}

    # the token names the file the work writes: taken before the work can run
    token = jobs.new_token()
    return jobs.start(
        current_app._get_current_object(),
        folder,
        KIND,
        state,
        work,
        language=language,
        failure=FAILED,
        token=token,
    )


def own_job(token: str, user_id: int, visible: set[int] | None) -> dict | None:
    """The state of the user's own report job; None for anyone else's, or none at all.

    Staff who have since lost a site the report covered may no longer take it.
    """
    folder = jobs_dir()
    state = jobs.own_state(folder, token, user_id)
    if state is None or state.get("report") not in READERS:
        return None
    scope = state.get("scope")
    if visible is not None and (scope is None or not set(scope) <= visible):
        return None
    return jobs.settle(folder, token, state, str(FAILED))


def finished_file(token: str, state: dict) -> Path | None:
    """The workbook of a job that is done, if it is still there."""
    if state.get("state") != jobs.DONE:
        return None
    path = report_path(jobs_dir(), token)
    return path if path.is_file() else None
