"""The OpenAPI description: it describes exactly the app's routes, it is valid, it is served,
and docs/protocol.md's route table lists the same routes."""
import re
from pathlib import Path

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from workshop.api.openapi import OPENAPI

from .contract import described_operations, url_map_operations

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def test_the_description_has_exactly_the_routes_of_the_url_map(app):
    served = url_map_operations(app)
    described = described_operations()
    assert served - described == set(), "routes missing from workshop/api/openapi.py"
    assert described - served == set(), "described operations the app does not serve"
    assert len(served) >= 30


def test_path_parameters_are_named_as_in_the_routes():
    for path, item in OPENAPI["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for method, operation in item.items():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == names, (method, path)


def test_the_description_is_valid_openapi_3_1():
    assert OPENAPI["openapi"].startswith("3.1")
    validate(OPENAPI)  # openapi-spec-validator: the 3.1 meta-schema plus its own semantic checks
    for name, schema in OPENAPI["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)


def test_every_operation_documents_its_errors():
    for path, item in OPENAPI["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            if operation["security"]:
                assert "401" in statuses, (method, path)
            if "{" in path:
                assert {"403", "404"} <= statuses, (method, path)
            if "requestBody" in operation:
                assert {"400", "413"} <= statuses, (method, path)


def test_the_documents_are_served_without_authentication(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == OPENAPI
    response = client.get("/api/v1/asyncapi.json")
    assert response.status_code == 200
    assert response.get_json()["asyncapi"] == "3.0.0"


def protocol_routes() -> list[tuple[str, str]]:
    """The rows of protocol.md §5's route table, as (METHOD, path with `{}` for every parameter)."""
    text = PROTOCOL.read_text()
    table = text[text.index("| Method and path |"):]
    table = table[:table.index("\n\n")]
    return [(method, re.sub(r"{\w+}", "{}", path))
            for method, path in re.findall(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/\S+?)`", table, re.M)]


def test_the_protocol_route_table_lists_every_route_once(app):
    listed = protocol_routes()
    assert len(listed) == len(set(listed)), "a route is listed twice in docs/protocol.md §5"
    served = {(method, re.sub(r"{\w+}", "{}", path)) for method, path in url_map_operations(app)}
    assert served - set(listed) == set(), "routes missing from docs/protocol.md §5's table"
    assert set(listed) - served == set(), "docs/protocol.md §5 lists routes the app does not serve"
