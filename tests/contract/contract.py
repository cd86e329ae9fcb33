"""Helpers shared by the contract tests: the routes of the URL map and validators for the schemas."""
from __future__ import annotations

import functools
import re

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from workshop.api.asyncapi import ASYNCAPI
from workshop.api.openapi import OPENAPI

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def url_map_operations(app) -> set[tuple[str, str]]:
    """Every (METHOD, /api/v1 path) the app serves, with `<int:id>` written as `{id}`."""
    return {(method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
            for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def described_operations(document: dict = OPENAPI) -> set[tuple[str, str]]:
    """Every (METHOD, path) of an OpenAPI document."""
    return {(method.upper(), path) for path, item in document["paths"].items()
            for method in item if method in HTTP_METHODS}


_REGISTRY = Registry().with_resources([
    ("urn:rembuk:openapi", Resource(OPENAPI, DRAFT202012)),
    ("urn:rembuk:asyncapi", Resource(ASYNCAPI, DRAFT202012)),
])


@functools.cache
def schema_validator(name: str, document: str = "asyncapi") -> Draft202012Validator:
    """A Draft 2020-12 validator for `components.schemas[name]` of a document, its $refs resolved."""
    return Draft202012Validator({"$ref": f"urn:rembuk:{document}#/components/schemas/{name}"},
                                registry=_REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(name: str, instance, document: str = "asyncapi") -> list[str]:
    """Why `instance` does not match the schema `name` (empty when it does)."""
    validator = schema_validator(name, document)
    return [f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message[:300]}"
            for error in validator.iter_errors(instance)]
