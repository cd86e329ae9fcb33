"""The machine-readable contract: the OpenAPI and AsyncAPI documents, public like the docs."""
from flask import jsonify

from . import bp
from .asyncapi import ASYNCAPI
from .openapi import OPENAPI


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of every /api/v1 route."""
    return jsonify(OPENAPI)


@bp.get("/asyncapi.json")
def asyncapi_document():
    """The AsyncAPI 3.0 description of the Socket.IO events."""
    return jsonify(ASYNCAPI)
