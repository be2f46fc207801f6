"""Import pages: upload, preview, confirm or cancel; large files as background jobs.

The upload waits in IMPORTS_DIR under a random token between the preview and the
confirmation, and is removed on confirm, on cancel, when its check fails, or by the
sweep of old uploads. A file above IMPORT_BACKGROUND_BYTES is checked and imported by a
background job whose page the browser reloads until it is done.
"""

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import SITE_ROLES, require_site, roles_required, visible_site_ids
from app.beneficiaries import importer
from app.beneficiaries.importer import jobs
from app.beneficiaries.labels import import_counts
from app.beneficiaries.schemas import ImportFormSchema, ImportTokenSchema
from app.beneficiaries.services.pages import open_sites
from app.beneficiaries.views import bp
from app.core.errors import InvalidInputError
from app.core.files import sweep_uploads
from app.core.forms import FormOutcome, submit
from app.core.schemas import form_data

TEMPLATE = "beneficiaries/import.html"
BACKGROUND_BYTES = 256 * 1024


def _upload_dir() -> Path:
    """Where uploads wait for confirmation; old ones are swept (they hold personal data)."""
    path = Path(current_app.config["IMPORTS_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    sweep_uploads(current_app)
    return path


def _context(**values) -> dict:
    context = {
        "sites": open_sites(visible_site_ids(current_user)),
        "result": None,
        "token": None,
        "errors": {},
        "site_id": None,
    }
    context.update(values)
    return context


@bp.get("/beneficiaries/import/template.xlsx")
@roles_required(*SITE_ROLES)
def import_template():
    buffer = io.BytesIO()
    importer.write_template(buffer)
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="model-import-beneficiari.xlsx",
    )


@bp.route("/beneficiaries/import", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def import_page():
    if request.method == "GET":
        return render_template(TEMPLATE, **_context())
    values = form_data(request.form, files=request.files)
    outcome = submit(lambda: _check_or_import(ImportFormSchema().load(values)))
    if not outcome.ok:
        return _form_again(outcome, values.get("site_id"))
    checked = outcome.result
    if checked.result is None:
        return redirect(url_for("beneficiaries.import_job", token=checked.token))
    return _show(checked.result, checked.token, checked.site_id, preview=not checked.confirming)


def _form_again(outcome: FormOutcome, site_id: str | None = None):
    """The upload form with the messages beside its fields, under the outcome's status."""
    # the token stands for the file uploaded before: its fault is the file's
    errors = {"file" if key == "token" else key: m for key, m in outcome.errors.items()}
    context = _context(errors=errors, site_id=site_id)
    return render_template(TEMPLATE, **context), outcome.status


@dataclass
class _Checked:
    """What the import form did: the file checked (a preview) or imported, or handed
    to a background job (no result yet)."""

    site_id: int
    token: str
    confirming: bool
    result: importer.ImportResult | None = None


def _check_or_import(form: dict) -> _Checked:
    """Check a new upload, or import one checked before (by its token, only from the
    session that uploaded it); a large file goes to a background job.

    The importer is its own transaction boundary: it commits its batches, so nothing is
    pending when it returns, and a refusal after a batch cannot undo that batch."""
    site_id, token = form["site_id"], form["token"]
    require_site(site_id)
    confirming = bool(token)
    if confirming:
        if not jobs.valid_token(token):
            abort(400)
        path = jobs.upload_path(_upload_dir(), token)
        # only the session that uploaded a file may confirm it: the token alone is not enough
        if not path.exists() or not _uploaded_here(token):
            raise InvalidInputError(_("Fișierul a expirat; încărcați-l din nou."), field="file")
    else:
        if form["file"] is None:
            raise InvalidInputError(_("Alegeți fișierul Excel."), field="file")
        token = secrets.token_hex(16)
        path = jobs.upload_path(_upload_dir(), token)
        form["file"].save(path)
        _remember_upload(token)
    checked = _Checked(site_id, token, confirming)
    site_ids, user_id = visible_site_ids(current_user), current_user.id
    limit = current_app.config.get("IMPORT_BACKGROUND_BYTES", BACKGROUND_BYTES)
    if path.stat().st_size > limit:
        jobs.start_job(
            current_app._get_current_object(),
            token,
            site_id=site_id,
            site_ids=site_ids,
            user_id=user_id,
            dry_run=not confirming,
            language=str(get_locale()),
        )
        return checked
    try:
        # the importer commits its own batches (none on a preview or an error)
        checked.result = importer.import_beneficiaries(
            str(path), site_id, site_ids=site_ids, user_id=user_id, dry_run=not confirming
        )
    except importer.ImportFileError as exc:
        path.unlink(missing_ok=True)
        raise InvalidInputError(str(exc), field="file") from exc
    return checked


def _show(result: importer.ImportResult, token: str, site_id: int, *, preview: bool):
    """The preview with its confirm button, the errors, or the done import."""
    folder = current_app.config["IMPORTS_DIR"]
    if result.errors:
        jobs.discard(folder, token)
        return render_template(TEMPLATE, **_context(result=result, site_id=site_id)), 422
    if preview:
        return render_template(TEMPLATE, **_context(result=result, token=token, site_id=site_id))
    jobs.discard(folder, token)
    flash(
        _(
            "Import reușit: %(counts)s; %(enrolled)s.",
            counts=import_counts(result),
            enrolled=ngettext("%(num)d înscriere", "%(num)d înscrieri", result.enrolled),
        ),
        "ok",
    )
    return redirect(url_for("beneficiaries.index", site_id=site_id))


UPLOADS_REMEMBERED = 5


def _remember_upload(token: str) -> None:
    """The session keeps the tokens of its own latest uploads (signed, per login)."""
    session["import_uploads"] = [*session.get("import_uploads", []), token][-UPLOADS_REMEMBERED:]


def _uploaded_here(token: str) -> bool:
    return token in session.get("import_uploads", [])


def _own_state(token: str) -> dict:
    state = jobs.own_state(current_app.config["IMPORTS_DIR"], token, current_user.id)
    if state is None:
        abort(404)
    return state


@bp.get("/beneficiaries/import/jobs/<token>")
@roles_required(*SITE_ROLES)
def import_job(token: str):
    """A background job's page: progress while it runs, then its result."""
    state = _own_state(token)
    if state["state"] == "running" and not jobs.stalled(
        current_app.config["IMPORTS_DIR"], token, state
    ):
        return render_template("beneficiaries/import_job.html", state=state)
    if state["state"] == "running":  # its process ended (a restart) before it did
        state.update(state="failed", message=str(jobs.FAILED))
    if state["state"] == "failed":
        jobs.discard(current_app.config["IMPORTS_DIR"], token)
        errors = {"file": state["message"]}
        return render_template(TEMPLATE, **_context(errors=errors, site_id=state["site_id"])), 422
    data = dict(state["result"])
    data["errors"] = [importer.RowError(**e) for e in data["errors"]]
    result = importer.ImportResult(**data)
    return _show(result, token, state["site_id"], preview=state["dry_run"])


@bp.post("/beneficiaries/import/cancel")
@roles_required(*SITE_ROLES)
def import_cancel():
    """Drop a previewed upload now rather than when it grows old."""
    values = form_data(request.form)
    outcome = submit(lambda: _cancel(ImportTokenSchema().load(values)["token"]))
    if not outcome.ok:
        return _form_again(outcome)
    flash(_("Importul a fost anulat; fișierul a fost șters."), "ok")
    return redirect(url_for("beneficiaries.import_page"))


def _cancel(token: str) -> None:
    if not jobs.valid_token(token):
        abort(400)
    folder = current_app.config["IMPORTS_DIR"]
    state = jobs.read_state(folder, token)
    theirs = jobs.upload_path(folder, token).exists() and not _uploaded_here(token)
    if state is None and theirs:
        abort(404)
    if state is not None and (state["user_id"] != current_user.id or state["state"] == "running"):
        abort(404)
    jobs.discard(folder, token)
