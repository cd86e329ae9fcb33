"""Where a form may send the browser next: paths on this site only (no open redirects).

Browsers clean a Location before they follow it: they drop tabs and line breaks anywhere, strip
leading and trailing spaces and control characters, and read `\\` as `/`. So `/\\t/evil.example`
(`next=/%09/evil.example`), `/\\evil.example` or ` //evil.example` all lead to evil.example. Rather
than clean `next` the way browsers do and hope to agree with each of them, anything that a
browser would have to clean is refused, and so is anything that names a scheme or a host.
"""
from urllib.parse import urlsplit

MAX_LENGTH = 2000


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback`."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return fallback
    # Tabs, CR/LF (which would also break the Location header), other controls, DEL, C1 controls,
    # spaces at either end and backslashes: all things a browser rewrites before following.
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in target) or "\\" in target:
        return fallback
    if target != target.strip() or not target.startswith("/") or target.startswith("//"):
        return fallback
    try:
        parts = urlsplit(target)
    except ValueError:
        return fallback
    if parts.scheme or parts.netloc:
        return fallback
    return target
