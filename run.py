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
        eventlet.wsgi.server(listener, app, max_size=MAX_CONNECTIONS, log_output=False)
    else:
        socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True, log_output=False)


if __name__ == "__main__":
    main()
