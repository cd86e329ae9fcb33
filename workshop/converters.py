"""URL converters: `<int:...>` in every route means a database id."""
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from .validation import MAX_ID


class IdConverter(IntegerConverter):
    """`<int:name>` for ids: a number outside 1..2^63-1 names nothing, so it is 404 `not_found`
    instead of an OverflowError deep in the database driver.

    It raises NotFound rather than werkzeug's ValidationError: after a ValidationError the
    matcher reports the other methods of the same path, so `GET /workshops/0/tickets` would be
    405 because `POST` exists there.
    """

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise NotFound()
        return number
