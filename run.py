"""Start the Rembuk server: `python run.py [--host H] [--port P]`.

Applies migrations, prints the facilitator's URL and the address phones should open, then
serves with eventlet (default), gevent or threading, chosen by REMBUK_ASYNC_MODE. All
server-specific code (monkey patching, listener set-up) lives here, not in the app.
"""
import argparse
import os
import sys
import warnings

# Nothing of the app is imported before the patching below: eventlet and gevent must patch
# first. The app itself runs under any of these; only this file knows which one it is.
ASYNC_MODES = ("eventlet", "gevent", "threading")

# Enough for 1,000 phones plus boards, polling fallbacks and spare.
MAX_CONNECTIONS = 5000
LISTEN_BACKLOG = 2048
# A client has this long to send a request line and its headers once it starts waiting for them,
# and an idle keep-alive connection is closed after it: half-sent requests cannot hold the pool.
# Long-polling is unaffected (a poll's headers come at once; the server holds the answer).
HEADER_TIMEOUT = float(os.environ.get("REMBUK_HEADER_TIMEOUT", "30"))
# A stalled body or a client that stops reading: any one socket read or write waits this long.
SOCKET_TIMEOUT = 60.0  # above the Socket.IO ping interval (25 s): an idle WebSocket is never cut
# Connections open at once from one address. A whole hall sits behind one router: 1,000 phones
# fit even if every one falls back to long-polling with two connections; one address still never
# holds more than half the pool. Over it, a new connection is closed at once.
PER_ADDRESS = int(os.environ.get("REMBUK_CONNECTIONS_PER_ADDRESS", "2500"))


def parse_args(argv=None):
    """Command-line options."""
    parser = argparse.ArgumentParser(description="Run the Rembuk server.")
    parser.add_argument("--host", default=os.environ.get("REMBUK_HOST", "0.0.0.0"),
                        help="address to listen on (default 0.0.0.0: reachable from phones on the LAN)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("REMBUK_PORT", "5000")))
    return parser.parse_args(argv)


def raise_file_limit() -> None:
    """Each phone holds a socket: lift the soft open-file limit to the hard limit."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


class AddressCounts:
    """Connections open per client address (one OS thread: eventlet and gevent run greenlets)."""

    def __init__(self, cap: int):
        self.cap = cap
        self.open: dict[str, int] = {}

    def enter(self, address: str) -> bool:
        """Count a new connection; False (and nothing counted) when the address is at its cap."""
        n = self.open.get(address, 0)
        if n >= self.cap:
            return False
        self.open[address] = n + 1
        return True

    def leave(self, address: str) -> None:
        n = self.open.get(address, 0) - 1
        if n > 0:
            self.open[address] = n
        else:
            self.open.pop(address, None)


def _address(client_address) -> str:
    return client_address[0] if isinstance(client_address, tuple) else str(client_address)


def eventlet_protocol(counts: AddressCounts, header_timeout: float):
    """eventlet's HTTP protocol with the per-address cap and the request-line-and-headers deadline."""
    import socket

    import eventlet
    import eventlet.wsgi

    class GuardedProtocol(eventlet.wsgi.HttpProtocol):
        def __init__(self, conn_state, server):
            address = _address(conn_state[0])
            if not counts.enter(address):
                conn_state[1].close()
                return
            try:
                super().__init__(conn_state, server)
            finally:
                counts.leave(address)

        def handle_one_request(self):
            # Raised as socket.timeout, which eventlet's server closes quietly.
            self._deadline = eventlet.Timeout(header_timeout, socket.timeout("request line and headers too slow"))
            try:
                return super().handle_one_request()
            finally:
                self._deadline.cancel()

        def parse_request(self):
            try:
                return super().parse_request()
            finally:
                self._deadline.cancel()  # headers are in: the application's time is its own

    return GuardedProtocol


def gevent_handler(counts: AddressCounts, header_timeout: float, socket_timeout: float):
    """gevent's WSGI handler with the per-address cap and the request-line-and-headers deadline."""
    import socket

    import gevent
    from gevent import pywsgi

    class GuardedHandler(pywsgi.WSGIHandler):
        def handle(self):
            address = _address(self.client_address)
            if not counts.enter(address):
                try:
                    self.socket.close()
                finally:
                    self.socket = None
                return
            self.socket.settimeout(socket_timeout)
            try:
                super().handle()
            finally:
                counts.leave(address)

        def handle_one_request(self):
            self._deadline = gevent.Timeout(header_timeout, socket.timeout("request line and headers too slow"))
            self._deadline.start()
            try:
                return super().handle_one_request()
            finally:
                self._deadline.cancel()

        def read_request(self, raw_requestline):
            try:
                return super().read_request(raw_requestline)
            finally:
                self._deadline.cancel()

    return GuardedHandler


def configure_logging(level: str) -> None:
    """Log to stderr at `level`; REMBUK_LOG_LEVEL=info also prints what each push of
    session:state cost (live/broadcast.py). Called after the migrations, whose logging set-up
    (alembic.ini) disables the loggers that existed before it."""
    import logging
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s", force=True)
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("workshop") and isinstance(logger, logging.Logger):
            logger.disabled = False


def print_terminal_qr(url: str) -> None:
    """The phones' address as a QR code in the terminal, for when the projector is not up yet."""
    import qrcode
    code = qrcode.QRCode(border=1)
    code.add_data(url)
    try:
        code.print_ascii(tty=False, invert=True)
    except (UnicodeEncodeError, OSError):  # a terminal that cannot draw blocks
        pass


def main(argv=None) -> None:
    """Patch for the chosen async mode, build the app, migrate, print the URLs and serve."""
    args = parse_args(argv)
    mode = os.environ.get("REMBUK_ASYNC_MODE", "eventlet")
    if mode not in ASYNC_MODES:
        sys.exit(f"REMBUK_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
    if mode == "eventlet":
        # eventlet is in maintenance mode upstream; we know, and keep gevent/threading working.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet
        eventlet.monkey_patch()
    elif mode == "gevent":
        from gevent import monkey
        monkey.patch_all()
    os.environ["REMBUK_PORT"] = str(args.port)
    raise_file_limit()

    from workshop import create_app
    from workshop.extensions import socketio
    from workshop.publicurl import public_base_url
    from workshop.schema import upgrade_schema
    from workshop.services.accounts import setup_token

    app = create_app(async_mode=mode)
    with app.app_context():
        if upgrade_schema():
            print("Applied the database migrations (the schema is now up to date).", flush=True)
        local = f"http://127.0.0.1:{args.port}"
        with app.test_request_context(base_url=local):
            phones = public_base_url()
        token = setup_token(app.instance_path)
    configure_logging(os.environ.get("REMBUK_LOG_LEVEL", "WARNING"))
    print(f"Rembuk is running ({mode}).", flush=True)
    print(f"  Facilitator console: {local}/console", flush=True)
    print(f"  Phones open:         {phones}/j  (the board shows each workshop's QR code)", flush=True)
    print_terminal_qr(f"{phones}/j")
    if token:
        print("  No facilitator account yet. Create the first one here (one-time link):", flush=True)
        print(f"    {local}/setup/{token}", flush=True)
    sys.stdout.flush()

    if mode == "eventlet":
        import eventlet
        import eventlet.wsgi
        family = eventlet.green.socket.AF_INET6 if ":" in args.host else eventlet.green.socket.AF_INET
        listener = eventlet.listen((args.host, args.port), family=family, backlog=LISTEN_BACKLOG)
        eventlet.wsgi.server(listener, app, max_size=MAX_CONNECTIONS, log_output=False, socket_timeout=SOCKET_TIMEOUT,
                             protocol=eventlet_protocol(AddressCounts(PER_ADDRESS), HEADER_TIMEOUT))
    elif mode == "gevent":
        socketio.run(app, host=args.host, port=args.port, log_output=False,
                     handler_class=gevent_handler(AddressCounts(PER_ADDRESS), HEADER_TIMEOUT, SOCKET_TIMEOUT))
    else:  # threading: Werkzeug's server, for tests and development; no connection guards
        socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True, log_output=False)


if __name__ == "__main__":
    main()
