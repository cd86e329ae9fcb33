"""Reading typed fields out of untrusted JSON objects, with RembukError on bad input."""
import datetime as dt
import re

from .errors import RembukError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def require_object(data) -> dict:
    """The body or payload must be a JSON object."""
    if not isinstance(data, dict):
        raise RembukError("invalid_input", field="body", reason="required")
    return data


def text(data: dict, field: str, *, max_len: int, min_len: int = 0, required: bool = True) -> str:
    """A stripped string field; missing optional fields are ''."""
    value = data.get(field)
    if value is None:
        if required:
            raise RembukError("invalid_input", field=field, reason="required")
        return ""
    if not isinstance(value, str):
        raise RembukError("invalid_input", field=field, reason="not_text")
    value = " ".join(value.split()) if "\n" not in value else value.strip()
    if required and not value:
        raise RembukError("invalid_input", field=field, reason="required")
    if len(value) < min_len:
        raise RembukError("invalid_input", field=field, reason="too_short", min=min_len)
    if len(value) > max_len:
        raise RembukError("invalid_input", field=field, reason="too_long", max=max_len)
    return value


def integer(data: dict, field: str, *, default: int, lo: int, hi: int) -> int:
    """An integer field within [lo, hi]; missing means default."""
    value = data.get(field)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise RembukError("invalid_input", field=field, reason="not_integer")
    if not lo <= value <= hi:
        raise RembukError("invalid_input", field=field, reason="out_of_range", min=lo, max=hi)
    return value


def identifier(data: dict, field: str) -> int:
    """A required positive integer id (e.g. session_id)."""
    value = data.get(field)
    if value is None:
        raise RembukError("invalid_input", field=field, reason="required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise RembukError("invalid_input", field=field, reason="not_integer")
    if not 1 <= value <= 2**62:
        raise RembukError("invalid_input", field=field, reason="out_of_range", min=1, max=2**62)
    return value


def boolean(data: dict, field: str, default: bool = False) -> bool:
    """A true/false field; missing means default."""
    value = data.get(field, default)
    if not isinstance(value, bool):
        raise RembukError("invalid_input", field=field, reason="not_boolean")
    return value


def optional_date(data: dict, field: str) -> dt.date | None:
    """An ISO date string, or None when absent/empty."""
    value = data.get(field)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RembukError("invalid_input", field=field, reason="not_date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RembukError("invalid_input", field=field, reason="not_date") from None


def email(data: dict, field: str = "email") -> str:
    """A lower-cased e-mail address."""
    value = text(data, field, max_len=254).lower()
    if not _EMAIL.match(value):
        raise RembukError("invalid_input", field=field, reason="not_email")
    return value
