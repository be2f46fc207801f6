"""Import pages: upload, preview, confirm or cancel; large files as background jobs.

The upload waits in IMPORTS_DIR under a random token between the preview and the
confirmation, and is removed on confirm, on cancel, when its check fails, or by the
sweep of old uploads. A file above IMPORT_BACKGROUND_BYTES is checked and imported by a
background job whose page the browser reloads until it is done.
"""

import io
import secrets
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
from app.beneficiaries.services.pages import open_sites
from app.beneficiaries.views import bp
from app.core.converters import id_value
from app.core.files import sweep_uploads

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
    site_id = request.form.get("site_id", type=id_value)
    if site_id is None:
        return render_template(TEMPLATE, **_context(errors={"site_id": _("Alegeți centrul.")})), 422
    require_site(site_id)
    token = request.form.get("token", "")
    confirming = bool(token)
    if confirming:
        if not jobs.valid_token(token):
            abort(400)
        path = jobs.upload_path(_upload_dir(), token)
        # only the session that uploaded a file may confirm it: the token alone is not enough
        if not path.exists() or not _uploaded_here(token):
            errors = {"file": _("Fișierul a expirat; încărcați-l din nou.")}
            return render_template(TEMPLATE, **_context(errors=errors, site_id=site_id)), 422
    else:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            errors = {"file": _("Alegeți fișierul Excel.")}
            return render_template(TEMPLATE, **_context(errors=errors, site_id=site_id)), 422
        token = secrets.token_hex(16)
        path = jobs.upload_path(_upload_dir(), token)
        upload.save(path)
        _remember_upload(token)
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
        return redirect(url_for("beneficiaries.import_job", token=token))
    try:
        # the importer commits its own batches (none on a preview or an error)
        result = importer.import_beneficiaries(
            str(path), site_id, site_ids=site_ids, user_id=user_id, dry_run=not confirming
        )
    except importer.ImportFileError as exc:
        path.unlink(missing_ok=True)
        errors = {"file": str(exc)}
        return render_template(TEMPLATE, **_context(errors=errors, site_id=site_id)), 422
    return _show(result, token, site_id, preview=not confirming)


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
    token = request.form.get("token", "")
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
    flash(_("Importul a fost anulat; fișierul a fost șters."), "ok")
    return redirect(url_for("beneficiaries.import_page"))
