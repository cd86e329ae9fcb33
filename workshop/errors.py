"""The one error type that services and voting rules raise.

It carries a stable `code` and the values its message needs; the human message, in the
user's language, is looked up from the code in `workshop.messages` where the error is
turned into JSON or a socket ack. This module imports nothing from Flask so the voting
rules can use it.
"""


class RembukError(Exception):
    """A refused action: a stable code, an HTTP status and message parameters."""

    def __init__(self, code: str, status: int = 400, **params):
        super().__init__(code)
        self.code = code
        self.status = status
        self.params = params

    def __repr__(self) -> str:
        return f"RembukError({self.code!r}, status={self.status}, params={self.params!r})"
