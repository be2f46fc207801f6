"""The one way a page form is handled: validate, call a service, commit or roll back."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError

from app.core.errors import DomainError, NotFoundError, PermissionDeniedError
from app.core.schemas import first_errors
from app.extensions import db


@dataclass
class FormOutcome:
    result: Any = None
    errors: dict = field(default_factory=dict)
    status: int = 200

    @property
    def ok(self) -> bool:
        return not self.errors


def submit(action: Callable[[], Any]) -> FormOutcome:
    """Run `action` (schema load + one service call): commit once when it succeeds.

    A validation error or a broken rule rolls back and comes back as messages per field
    (the form is shown again with them); a missing record or a forbidden one is not a
    form error and propagates as 404 / 403.
    """
    try:
        result = action()
    except ValidationError as exc:
        db.session.rollback()
        return FormOutcome(errors=first_errors(exc.messages), status=422)
    except (NotFoundError, PermissionDeniedError):
        db.session.rollback()
        raise
    except DomainError as exc:
        db.session.rollback()
        return FormOutcome(errors={exc.field or "_": exc.message}, status=exc.status_code)
    db.session.commit()
    return FormOutcome(result=result)
