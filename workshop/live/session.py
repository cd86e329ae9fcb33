"""The Flask session of a Socket.IO connection's events, opened once per connection.

Flask-SocketIO runs every event in a request context made from the connection's environ, and
Flask opens the session cookie for each one: parsing the cookie and building a signing
serializer to check it, about a tenth of the server's CPU in a burst of casts. Flask-SocketIO
then puts the connection's own copy in its place (`manage_session`, kept in the environ as
`saved_session` since the first event). Here that copy is what opening gives, so the cookie is
read once per connection; every other request opens its cookie as before.
"""
from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface


class SocketEventSessions(SecureCookieSessionInterface):
    """The cookie session, except that an event of a connection gets the connection's copy."""

    def open_session(self, app, request):
        """The connection's saved session if it has one (the one Flask-SocketIO would set)."""
        saved = request.environ.get("saved_session")
        if saved is not None:
            return saved
        return super().open_session(app, request)
