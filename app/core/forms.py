"""The one way a page form is handled: validate, call a service, commit or roll back.

A page view builds the action (schema load + one service call) and hands it to
`submit`; the outcome says what to show: the redirect on success, or the form again
with a message beside each field, under the status the fault has everywhere (422 bad
input, 409 a broken rule).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, ValidationError, validate
from sqlalchemy.exc import IntegrityError

from app.core import integrity
from app.core.errors import DomainError, NotFoundError, PermissionDeniedError
from app.core.pages import read_signed_in_user
from app.core.schemas import first_errors
from app.extensions import db


@dataclass
class FormOutcome:
    result: Any = None
    errors: dict = field(default_factory=dict)
    status: int = 200
    refusal: DomainError | None = None  # the broken rule, when one refused the form

    @property
    def ok(self) -> bool:
        return not self.errors


def submit(action: Callable[[], Any], *, keep: tuple[type[DomainError], ...] = ()) -> FormOutcome:
    """Run `action` (schema load + one service call): commit once when it succeeds.

    A validation error or a broken rule rolls back and comes back as messages per field
    (the form is shown again with them); a missing record or a forbidden one is not a
    form error and propagates as 404 / 403. A refusal of a class in `keep` commits
    what the action recorded before refusing (a wrong password counts on the throttle).

    An action that is its own transaction boundary (the import writes in committed
    batches) leaves nothing pending: the commit here then has nothing to do, and a
    refusal rolls back only what is still pending, never a batch already committed.
    """
    outcome = _run(action, keep)
    if not outcome.ok:
        # the form is shown again under the page's header: who is signed in, expired
        # by the rollback (or the commit), is read now rather than while it renders
        read_signed_in_user()
    return outcome


def _run(action: Callable[[], Any], keep: tuple[type[DomainError], ...]) -> FormOutcome:
    try:
        result = action()
        db.session.commit()
    except IntegrityError as exc:  # saved by someone else at the same moment
        db.session.rollback()
        refusal = integrity.refusal(exc)
        errors = {refusal.field or "_": refusal.message}
        return FormOutcome(errors=errors, status=409, refusal=refusal)
    except ValidationError as exc:
        db.session.rollback()
        return FormOutcome(errors=first_errors(exc.messages), status=422)
    except (NotFoundError, PermissionDeniedError):
        db.session.rollback()
        raise
    except DomainError as exc:
        if isinstance(exc, keep):
            db.session.commit()
        else:
            db.session.rollback()
        errors = {exc.field or "_": exc.message}
        return FormOutcome(errors=errors, status=exc.status_code, refusal=exc)
    return FormOutcome(result=result)


def max_lengths(schema: type[Schema] | Schema) -> dict[str, int]:
    """The longest text each field of a schema accepts, for the form's maxlength.

    Read from the schema's own Length validators, so the page shows the limit the
    server enforces, before it is hit.
    """
    instance = schema() if isinstance(schema, type) else schema
    limits = {}
    for name, field_ in instance.fields.items():
        for validator in field_.validators:
            if isinstance(validator, validate.Length) and validator.max is not None:
                limits[field_.data_key or name] = validator.max
    return limits
