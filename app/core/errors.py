"""Domain exceptions raised by services and mapped to HTTP answers in app/errors.py."""

import click


class DomainError(Exception):
    """A business rule was broken; the message is for a canteen worker to read."""

    status_code = 409

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(DomainError):
    status_code = 404


class PermissionDeniedError(DomainError):
    status_code = 403


class InvalidInputError(DomainError):
    """Input that passed the schema but is wrong in context (a date outside a window ...)."""

    status_code = 422


class CliInputError(click.ClickException):
    """Bad input on the command line: exit code 2 and a message."""

    exit_code = 2
