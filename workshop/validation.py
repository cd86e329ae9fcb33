"""Reading typed fields out of untrusted JSON objects, with RembukError on bad input."""
import datetime as dt
import re

from .errors import RembukError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# What no text field may hold: NUL (PostgreSQL refuses it, C tools cut the text there) and lone
# UTF-16 surrogates (JSON's "\ud800" escapes): they cannot be encoded as UTF-8 to be stored.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Control characters other than tab, line feed and carriage return (which textareas send as line
# breaks): invisible on every screen, and no XML document, such as the workbook, can hold most
# of them. DEL and the C1 controls go with them, as do U+FFFE/U+FFFF (not characters at all).
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# SQLite and PostgreSQL keep ids in signed 64-bit integers: a larger number names no row.
MAX_ID = 2**63 - 1
# Real bodies are at most 4 levels deep; deeper ones are refused before anything walks them.
MAX_DEPTH = 32


def require_object(data) -> dict:
    """The body or payload must be a JSON object, at most MAX_DEPTH levels deep."""
    if not isinstance(data, dict):
        raise RembukError("invalid_input", field="body", reason="required")
    if _too_deep(data):
        raise RembukError("invalid_input", field="body", reason="too_deep", max=MAX_DEPTH)
    return data


def _too_deep(data) -> bool:
    level = [data]
    for _ in range(MAX_DEPTH):
        level = [child for node in level
                 for child in (node.values() if isinstance(node, dict) else node)
                 if isinstance(child, (dict, list))]
        if not level:
            return False
    return True


def text(data: dict, field: str, *, max_len: int, min_len: int = 0, required: bool = True) -> str:
    """A stripped string field; missing optional fields are ''."""
    value = data.get(field)
    if value is None:
        if required:
            raise RembukError("invalid_input", field=field, reason="required")
        return ""
    if not isinstance(value, str):
        raise RembukError("invalid_input", field=field, reason="not_text")
    if _UNSTORABLE.search(value):
        raise RembukError("invalid_input", field=field, reason="bad_character")
    if _CONTROL.search(value):
        raise RembukError("invalid_input", field=field, reason="control_character")
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
