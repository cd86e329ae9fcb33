"""Where a form may send the browser next: local paths only (no open redirects)."""


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback`."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback
