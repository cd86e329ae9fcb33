"""Extension objects, created once and bound to the app in create_app()."""
from typing import Callable, TypeVar

from flask import Flask, current_app
from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for all Rembuk tables."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login = LoginManager()
babel = Babel()
csrf = CSRFProtect()
socketio = SocketIO()
compress = Compress()


T = TypeVar("T")


def per_app(key: str, make: Callable[[Flask], T]) -> T:
    """The current app's object under `key` in `app.extensions`, made by `make(app)` the first
    time it is asked for: one per app, since tests run many apps (each its own database) in one
    process."""
    app = current_app._get_current_object()
    found = app.extensions.get(key)
    if found is None:
        found = app.extensions.setdefault(key, make(app))
    return found
