"""GET /metrics: Prometheus text, for this machine, facilitators' tokens, or everyone if public."""
from prometheus_client.parser import text_string_to_metric_families

REMOTE = {"REMOTE_ADDR": "192.168.1.77"}


def families(response) -> dict:
    return {f.name: f for f in text_string_to_metric_families(response.get_data(as_text=True))}


def test_metrics_from_loopback_show_the_live_figures(app, api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    phone = connect(api.join(workshop["join_code"])["token"])
    proposal = phone.emit("proposal:submit", {"session_id": session["id"], "title": "Program uji",
                                              "dimension": "society", "client_id": "1"}, callback=True)["proposal"]
    api.phase(session["id"], "vote")
    ballot = {"session_id": session["id"], "ballot": {"dots": {str(proposal["id"]): 1}}}
    assert phone.emit("ballot:cast", ballot, callback=True)["ok"]
    refused = phone.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {"999999": 1}}},
                         callback=True)
    assert not refused["ok"]
    board = connect(api.token)
    assert board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["ok"]
    app.extensions["rembuk_broadcaster"].mark(workshop["id"], session["id"])
    app.extensions["rembuk_broadcaster"].flush()
    assert api.get(f"/api/v1/workshops/{workshop['id']}/export.csv").status_code == 200

    response = app.test_client().get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    found = families(response)
    for name in ("rembuk_loop_lag_seconds", "rembuk_loop_lag_max_seconds", "rembuk_gc_pause_seconds",
                 "rembuk_connected", "rembuk_casts", "rembuk_cast_batch_size", "rembuk_board_flush_seconds",
                 "rembuk_export_seconds", "rembuk_server_process"):
        assert name in found, name
    connected = {(s.labels["workshop"], s.labels["kind"]): s.value for s in found["rembuk_connected"].samples}
    assert connected[(str(workshop["id"]), "phone")] == 1
    assert connected[(str(workshop["id"]), "board")] == 1
    casts = {s.labels["outcome"]: s.value for s in found["rembuk_casts"].samples if s.name == "rembuk_casts_total"}
    assert casts["accepted"] >= 1 and casts[refused["error"]["code"]] >= 1
    exports = [s for s in found["rembuk_export_seconds"].samples
               if s.name.endswith("_count") and s.labels == {"kind": "csv", "where": "server"}]
    assert exports and exports[0].value >= 1


def test_ipv6_loopback_is_this_machine_too(client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_metrics_from_elsewhere_need_a_facilitator_token(app, api):
    client = app.test_client()
    assert client.get("/metrics", environ_base=REMOTE).status_code == 403
    assert client.get("/metrics", environ_base=REMOTE, headers={"Authorization": "Bearer nonsense"}).status_code == 403
    phone = api.join(api.workshop()["join_code"])
    participant = {"Authorization": f"Bearer {phone['token']}"}
    assert client.get("/metrics", environ_base=REMOTE, headers=participant).status_code == 403
    assert client.get("/metrics", environ_base=REMOTE, headers=api.headers).status_code == 200


def test_a_proxied_request_is_not_loopback(client):
    # nginx on the same machine connects from 127.0.0.1: what it relays comes from elsewhere.
    relayed = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                         headers={"X-Forwarded-For": "192.168.1.77"})
    assert relayed.status_code == 403


def test_public_metrics_need_nothing(app):
    app.config["METRICS_PUBLIC"] = True
    assert app.test_client().get("/metrics", environ_base=REMOTE).status_code == 200
