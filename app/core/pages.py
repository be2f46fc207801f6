"""Sections that a higher domain adds to a lower domain's page.

The site page (places) and the home page (auth) show attendance, the registry and
delivery, which sit above them. Dependencies point one way, so those domains offer
their part here and the page's view reads every part once, before rendering: the
template then shows values and runs no query.
"""

from collections import defaultdict
from collections.abc import Callable

from flask import has_request_context
from flask_login import current_user

Section = Callable[..., dict]

_sections: dict[str, list[Section]] = defaultdict(list)


def section(page: str) -> Callable[[Section], Section]:
    """Register a function returning the template values of one part of `page`."""

    def register(read: Section) -> Section:
        if read not in _sections[page]:
            _sections[page].append(read)
        return read

    return register


def page_sections(page: str, **context) -> dict:
    """The template values of every part of `page`, read now with the page's context."""
    values: dict = {}
    for read in _sections[page]:
        values.update(read(**context))
    return values


def read_signed_in_user() -> None:
    """Read who is signed in now, before a page renders: every page's header names them
    and the page speaks their language. A rollback (a refused form, an error) or the
    commit of a counted failure expires the user, who would otherwise be read again
    while the template renders."""
    if has_request_context():
        current_user.is_authenticated  # noqa: B018 - read for its loading
