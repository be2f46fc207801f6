"""Large imports as background jobs (app/core/jobs.py), so no request worker waits.

The job's state is a small JSON file beside the upload in IMPORTS_DIR, named by the
upload's token: who started it, for which site, how far it is, and its result. The
page polls it. Both files go when the result has been shown, on cancel, or with the
sweep of old uploads.
"""

from dataclasses import asdict
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.beneficiaries.importer import ImportFileError, import_beneficiaries
from app.core import jobs
from app.core.jobs import own_state, read_state, valid_token  # noqa: F401 - the pages read them

KIND = "import"
FAILED = _l("Importul nu a reușit; încercați din nou.")


def upload_path(folder: Path | str, token: str) -> Path:
    return Path(folder) / f"{token}.xlsx"


def state_path(folder: Path | str, token: str) -> Path:
    return jobs.state_path(folder, token)


def stalled(folder: Path | str, token: str, state: dict) -> bool:
    """A job still said to be running that will never finish (its process is gone)."""
    return jobs.has_died(folder, token, state)


def discard(folder: Path | str, token: str) -> None:
    """Remove an upload and its job state (after the result, or on cancel)."""
    jobs.discard(folder, token, ".xlsx")


def start_job(
    app: Flask,
    token: str,
    *,
    site_id: int,
    site_ids: set[int] | None,
    user_id: int,
    dry_run: bool,
    language: str,
) -> str:
    """Check (dry_run) or import the upload `token` as a background job."""
    folder = app.config["IMPORTS_DIR"]
    state = {
        "user_id": user_id,
        "site_id": site_id,
        "dry_run": dry_run,
        "stage": "reading",
        "done": 0,
        "total": None,
        "result": None,
    }
    scope = None if site_ids is None else sorted(site_ids)
    upload = upload_path(folder, token)

    def work(progress) -> dict:
        try:
            result = import_beneficiaries(
                str(upload),
                site_id,
                site_ids=None if scope is None else set(scope),
                user_id=user_id,
                dry_run=dry_run,
                progress=lambda stage, done, total: progress(stage=stage, done=done, total=total),
            )
        except ImportFileError as exc:
            upload.unlink(missing_ok=True)
            raise jobs.JobFailed(str(exc)) from exc
        if result.errors or result.imported:
            upload.unlink(missing_ok=True)
        return {"result": asdict(result)}

    return jobs.start(
        app, folder, KIND, state, work, language=language, failure=FAILED, token=token
    )
