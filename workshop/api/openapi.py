"""The OpenAPI 3.1 description of the JSON API v1, as data, served at /api/v1/openapi.json.

Each operation lists every status it can answer; error answers name the codes they can carry
(protocol §3), so a test that checks real answers against this document also checks the codes.
tests/contract keeps this table equal to the app's URL map and runs Schemathesis against it.
"""
from .schemas import SCHEMAS, ref

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Who may call what (protocol §2). Writes from the console's cookie session also need the CSRF header.
READ_SECURITY = [{"bearerToken": []}, {"consoleSession": []}]
WRITE_SECURITY = [{"bearerToken": []}, {"consoleSession": [], "csrfToken": []}]

SECURITY_SCHEMES = {
    "bearerToken": {
        "type": "http", "scheme": "bearer",
        "description": "A facilitator's API token from `flask --app workshop facilitator token EMAIL` (the last "
                       "line it prints). When the header is sent it is the only credential checked."},
    "consoleSession": {
        "type": "apiKey", "in": "cookie", "name": "session",
        "description": "The console's login cookie (with `remember_token`), set by the HTML form at `/login`."},
    "csrfToken": {
        "type": "apiKey", "in": "header", "name": "X-CSRFToken",
        "description": "With the console cookie, every method but GET needs the `csrf_token` of a console page "
                       "(`X-CSRF-Token` works too); a missing or wrong one is 403 `csrf_failed`."},
    "participantCookie": {
        "type": "apiKey", "in": "cookie", "name": "rembuk_participant",
        "description": "Set by `POST /join`; it identifies a phone on Socket.IO only (see the AsyncAPI document). "
                       "No REST operation accepts it."},
}


def _error(description: str, codes: list[str]) -> dict:
    schema = {"allOf": [ref("ErrorEnvelope")], "type": "object",
              "properties": {"error": {"type": "object", "properties": {"code": {"enum": sorted(set(codes))}}}}}
    listed = ", ".join(f"`{code}`" for code in sorted(set(codes)))
    return {"description": f"{description}: {listed}.",
            "content": {"application/json": {"schema": schema}}}


def _merge(*tables: dict) -> dict:
    merged: dict[int, list[str]] = {}
    for table in tables:
        for status, codes in table.items():
            merged.setdefault(status, []).extend(codes)
    return merged


STATUS_TEXT = {400: "Refused input", 401: "No valid credentials", 403: "Not yours (or no CSRF token)",
               404: "No such thing", 409: "Conflict with the stored state", 413: "Body over 1 MiB",
               415: "Not sent as application/json",
               429: "Rate limited", 503: "Unavailable on this server"}
AUTH = {401: ["unauthorized"]}
OWNED_READ = {401: ["unauthorized"], 403: ["forbidden"], 404: ["not_found"]}
OWNED_WRITE = {401: ["unauthorized"], 403: ["forbidden", "csrf_failed"], 404: ["not_found"],
               409: ["workshop_closed"]}
BODY = {400: ["invalid_json", "invalid_input"], 413: ["too_large"]}
BALLOT_CODES = ["invalid_ballot", "unknown_proposal", "over_cap", "over_budget", "wrong_method", "unknown_criterion",
                "score_out_of_range", "duplicate_in_ranking", "ranking_too_long"]


def _id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id.",
            "schema": {"type": "integer", "minimum": 1}, "example": 1}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema_name)}}}


def _download(media_type: str, description: str) -> dict:
    return {"description": description,
            "headers": {"Content-Disposition": {"description": "`attachment; filename=\"rembuk-<join_code>[-final-"
                                                              "<YYYYmmdd-HHMM>].<ext>\"`",
                                               "schema": {"type": "string"}},
                        "Cache-Control": {"description": "`no-store`: exports hold the attendance list.",
                                          "schema": {"type": "string", "const": "no-store"}}},
            "content": {media_type: {"schema": {"type": "string"}}}}


def operation(summary: str, *, ok: dict, status: int = 200, errors: dict, body: str | None = None,
              params=(), write: bool = False, public: bool = False, extra: dict | None = None, **more) -> dict:
    """One operation: its success answer, its error answers by status, its body and its security."""
    op = {"summary": summary, "parameters": list(params), "responses": {str(status): ok, **(extra or {})}, **more}
    if body:
        op["requestBody"] = {"required": False, "description": "JSON; an empty body counts as `{}`, unknown keys "
                                                             "are ignored.",
                             "content": {"application/json": {"schema": ref(body)}}}
    for code, codes in sorted(errors.items()):
        op["responses"][str(code)] = _error(STATUS_TEXT[code], codes)
    op["security"] = [] if public else (WRITE_SECURITY if write else READ_SECURITY)
    return op


W, S, P, PT = (_id("workshop_id", "workshop"), _id("session_id", "session"), _id("proposal_id", "proposal"),
               _id("participant_id", "participant"))
T, F = _id("table_id", "table"), _id("facilitator_id", "co-facilitator's account")
Q = _id("question_id", "question")
I = _id("invitation_id", "invitation")


def _export(summary: str, media_type: str, description: str) -> dict:
    return operation(summary, ok=_download(media_type, description), errors=OWNED_READ, params=[W], tags=["exports"])


def _lock(summary: str) -> dict:
    return operation(summary, ok=_json("LockState", "The lock state."), errors={401: ["unauthorized"], 403: ["forbidden", "csrf_failed"], 404: ["not_found"]},
                     params=[W], write=True, tags=["workshops"],
                     extra={"303": {"description": "With a form body (the console's button): back to the form "
                                                   "field `next` or the console's workshop page.",
                                    "headers": {"Location": {"schema": {"type": "string"}}}}})


IMPORT_FILE_CODES = ["invalid_input", "empty_file", "not_a_spreadsheet", "old_excel", "spreadsheet_too_big",
                     "too_many_rows"]


def _import_invitations() -> dict:
    """POST /workshops/{id}/invitations: a multipart upload whose refusal (409) carries the report."""
    op = operation(
        "Import the invitation list from an .xlsx or .csv file, all or nothing (`?dry_run=1`: preview only)",
        status=201, ok=_json("ImportReport", "Stored, with new invitations (each gets its badge's ticket)."),
        errors=_merge(OWNED_WRITE, {400: IMPORT_FILE_CODES, 409: ["import_conflict"], 413: ["too_large"]}),
        params=[W, {"name": "dry_run", "in": "query", "required": False,
                    "description": "`1` (or `true`): check the file and answer what an import would do, "
                                   "writing nothing; row problems and missing columns are then a 200 too.",
                    "schema": {"enum": ["0", "1", "true", "false"]}}],
        write=True, tags=["invitations"],
        extra={"200": _json("ImportReport", "A dry run, or stored with updates only (no new invitation).")})
    op["requestBody"] = {
        "required": True,
        "description": "multipart/form-data: `file` (at most 5 MiB) and optionally `mapping`.",
        "content": {"multipart/form-data": {
            "schema": ref("InvitationImport"),
            "encoding": {"file": {"contentType": "text/csv, application/vnd.openxmlformats-officedocument."
                                                 "spreadsheetml.sheet, application/octet-stream"}},
            "example": {"file": "Nama;Unsur;Instansi\r\nBudi Santoso;OPD;Dinkominfo\r\n"}}}}
    closed = op["responses"]["409"]
    op["responses"]["409"] = {
        "description": "Nothing was imported: the file has row problems or lacks a required column "
                       "(`ImportRefusal`, its `error.code` `import_refused` or `missing_column`), or "
                       + closed["description"][0].lower() + closed["description"][1:],
        "content": {"application/json": {"schema": {"anyOf": [closed["content"]["application/json"]["schema"],
                                                               ref("ImportRefusal")]}}}}
    return op


PATHS = {
    "/api/v1/openapi.json": {"get": operation(
        "This document", ok={"description": "OpenAPI 3.1", "content": {"application/json": {
            "schema": {"type": "object", "required": ["openapi", "paths"]}}}}, errors={}, public=True,
        tags=["contract"])},
    "/api/v1/asyncapi.json": {"get": operation(
        "The Socket.IO events as an AsyncAPI 3.0 document", ok={"description": "AsyncAPI 3.0", "content": {
            "application/json": {"schema": {"type": "object", "required": ["asyncapi", "channels"]}}}},
        errors={}, public=True, tags=["contract"])},
    "/api/v1/join": {"post": operation(
        "Join a workshop by its code (phones; no authentication)", status=201,
        ok={"description": "The new participant and its token, also set as the `rembuk_participant` cookie.",
            "headers": {"Set-Cookie": {"schema": {"type": "string"}}},
            "content": {"application/json": {"schema": ref("JoinAnswer")}}},
        errors=_merge(BODY, {400: ["unknown_group", "invalid_ticket", "unknown_table"], 403: ["cross_origin"],
                             404: ["unknown_join_code"], 409: ["workshop_closed", "ticket_used"],
                             415: ["json_required"], 429: ["rate_limited"]}),
        body="JoinRequest", public=True, tags=["participants"])},
    "/api/v1/workshops": {
        "get": operation("The workshops the caller leads or co-facilitates, newest first",
                         ok=_json("WorkshopList", "Workshops."),
                         errors=AUTH, tags=["workshops"]),
        "post": operation("Create a workshop with the default stakeholder groups", status=201,
                          ok=_json("Workshop", "The new workshop."),
                          errors=_merge(BODY, AUTH, {403: ["csrf_failed"]}), body="WorkshopCreate", write=True,
                          tags=["workshops"])},
    "/api/v1/workshops/{workshop_id}": {
        "get": operation("One workshop with its groups, mode, tables and sessions (a table co-facilitator sees "
                         "their table's sessions only)", ok=_json("Workshop", "The workshop."),
                         errors=OWNED_READ, params=[W], tags=["workshops"]),
        "patch": operation("Change title, venue, date, strict mode or the address phones use",
                           ok=_json("Workshop", "The workshop after the change."),
                           errors=_merge(BODY, OWNED_WRITE, {400: ["invalid_url"]}), body="WorkshopUpdate",
                           params=[W], write=True, tags=["workshops"])},
    "/api/v1/workshops/{workshop_id}/sessions": {"post": operation(
        "Add a session (in draft), to the plenary or (`table_id`) to a table", status=201,
        ok=_json("SessionView", "The new session (`timer` is null)."),
        errors=_merge(BODY, OWNED_WRITE, {400: ["unknown_method", "unknown_table"]}), body="SessionCreate",
        params=[W], write=True, tags=["sessions"])},
    "/api/v1/workshops/{workshop_id}/tables": {
        "post": operation("Add a table `{name, dimension?}`", status=201, ok=_json("Table", "The new table."),
                          errors=_merge(BODY, OWNED_WRITE, {400: ["unknown_dimension"]}), body="TableCreate",
                          params=[W], write=True, tags=["tables"]),
        "get": operation("The workshop's tables in order", ok=_json("TableList", "Tables."), errors=OWNED_READ,
                         params=[W], tags=["tables"])},
    "/api/v1/tables/{table_id}": {"patch": operation(
        "Rename a table or change its dimension", ok=_json("Table", "The table after the change."),
        errors=_merge(BODY, OWNED_WRITE, {400: ["unknown_dimension"]}), body="TableUpdate", params=[T], write=True,
        tags=["tables"])},
    "/api/v1/workshops/{workshop_id}/mode": {"post": operation(
        "Switch every phone to the plenary or to their tables", ok=_json("ModeState", "The new mode."),
        errors=_merge(BODY, OWNED_WRITE), body="ModeRequest", params=[W], write=True, tags=["tables"])},
    "/api/v1/workshops/{workshop_id}/facilitators": {
        "post": operation("Make an existing account a co-facilitator, of the whole workshop or one table (lead "
                          "only)", status=201, ok=_json("CoFacilitator", "The co-facilitator."),
                          errors=_merge(BODY, OWNED_WRITE, {400: ["unknown_table", "already_lead"]}),
                          body="FacilitatorAdd", params=[W], write=True, tags=["tables"]),
        "get": operation("The lead and the co-facilitators", ok=_json("FacilitatorList", "Facilitators."),
                         errors=OWNED_READ, params=[W], tags=["tables"])},
    "/api/v1/workshops/{workshop_id}/facilitators/{facilitator_id}": {"delete": operation(
        "Take a co-facilitator off the workshop (lead only)", ok=_json("Removed", "The removed account's id."),
        errors=OWNED_WRITE, params=[W, F], write=True, tags=["tables"])},
    "/api/v1/workshops/{workshop_id}/moderation-log": {"get": operation(
        "Every facilitator action, oldest first", ok=_json("ModerationLog", "The log."), errors=OWNED_READ,
        params=[W], tags=["workshops"])},
    "/api/v1/workshops/{workshop_id}/tickets": {
        "post": operation("Make one-time personal codes for strict mode (shown only in this answer)", status=201,
                          ok=_json("NewTickets", "The codes."), errors=_merge(BODY, OWNED_WRITE),
                          body="TicketsRequest", params=[W], write=True, tags=["participants"]),
        "get": operation("The tickets without their codes", ok=_json("TicketList", "Tickets, oldest first."),
                         errors=OWNED_READ, params=[W], tags=["participants"])},
    "/api/v1/workshops/{workshop_id}/invitations": {
        "post": _import_invitations(),
        "get": operation("The invitation list in its order, with who is present (any facilitator of the workshop)",
                         ok=_json("InvitationList", "Invitations."), errors=OWNED_READ, params=[W],
                         tags=["invitations"])},
    "/api/v1/workshops/{workshop_id}/participants": {"get": operation(
        "Who joined (attendance), oldest first", ok=_json("ParticipantList", "Participants."), errors=OWNED_READ,
        params=[W], tags=["participants"])},
    "/api/v1/workshops/{workshop_id}/close": {"post": _lock("Lock the results (every change is refused)")},
    "/api/v1/workshops/{workshop_id}/reopen": {"post": _lock("Lift the results lock")},
    "/api/v1/workshops/{workshop_id}/export.xlsx": {"get": _export(
        "The Excel workbook (six sheets; a seventh, Tanya Jawab, when there were questions)", XLSX, "The workbook.")},
    "/api/v1/workshops/{workshop_id}/export.csv": {"get": _export(
        "Every session's ranked programs as CSV (UTF-8 with BOM, CRLF)", "text/csv", "The CSV.")},
    "/api/v1/workshops/{workshop_id}/export.json": {"get": operation(
        "The whole dataset behind the exports (times in UTC)",
        ok={**_json("Dataset", "The dataset."), "headers": _download("text/csv", "")["headers"]},
        errors=OWNED_READ, params=[W], tags=["exports"])},
    "/api/v1/workshops/{workshop_id}/report.html": {"get": operation(
        "The printable A4 report", ok={"description": "The report page (no Content-Disposition).",
                                       "content": {"text/html": {"schema": {"type": "string"}}}},
        errors=OWNED_READ, params=[W], tags=["exports"])},
    "/api/v1/workshops/{workshop_id}/report.pdf": {"get": operation(
        "The report rendered to PDF on the server", ok=_download("application/pdf", "The PDF."),
        errors=OWNED_READ | {503: ["pdf_unavailable"]}, params=[W], tags=["exports"])},
    "/api/v1/sessions/{session_id}": {
        "get": operation("One session with its timer and `seq`", ok=_json("SessionView", "The session."),
                         errors=OWNED_READ, params=[S], tags=["sessions"]),
        "patch": operation("Change title, method or settings (settings only before voting and before ballots; "
                           "title and `matrix_axes` in any phase)",
                           ok=_json("SessionView", "The session after the change."),
                           errors=_merge(BODY, OWNED_WRITE, {400: ["unknown_method", "wrong_phase",
                                                                   "invalid_matrix_axes"],
                                                             409: ["settings_locked"]}),
                           body="SessionUpdate", params=[S], write=True, tags=["sessions"])},
    "/api/v1/sessions/{session_id}/phase": {"post": operation(
        "Move the session to a phase", ok=_json("PhaseChange", "The new phase."),
        errors=_merge(BODY, OWNED_WRITE, {400: ["invalid_phase"]}), body="PhaseRequest", params=[S], write=True,
        tags=["sessions"])},
    "/api/v1/sessions/{session_id}/reveal": {"post": operation(
        "Show (or hide) the results on phones; optionally keep them off the board",
        ok=_json("SessionView", "The session."), errors=_merge(BODY, OWNED_WRITE), body="RevealRequest",
        params=[S], write=True, tags=["sessions"])},
    "/api/v1/sessions/{session_id}/timer": {"post": operation(
        "Start, pause, resume, extend, reset or set the phase timer", ok=_json("SessionView", "The session."),
        errors=_merge(BODY, OWNED_WRITE, {400: ["no_timer"]}), body="TimerRequest", params=[S], write=True,
        tags=["sessions"])},
    "/api/v1/sessions/{session_id}/carry": {"post": operation(
        "Copy the top N of earlier sessions into this one", status=201, ok=_json("Copied", "The new proposals."),
        errors=_merge(BODY, OWNED_WRITE, {400: ["wrong_phase", "carry_same_workshop"]}), body="CarryRequest",
        params=[S], write=True, tags=["sessions"])},
    "/api/v1/sessions/{session_id}/paper-ballots": {"post": operation(
        "Enter a paper ballot (in vote)", status=201, ok=_json("PaperBallotOutcome", "The stored ballot."),
        errors=_merge(BODY, OWNED_WRITE, {400: ["wrong_phase", "unknown_group", *BALLOT_CODES]}),
        body="PaperBallotRequest", params=[S], write=True, tags=["sessions"])},
    "/api/v1/sessions/{session_id}/proposals": {"get": operation(
        "Every proposal, hidden and merged ones included", ok=_json("ProposalList", "Proposals by id."),
        errors=OWNED_READ, params=[S], tags=["proposals"])},
    "/api/v1/sessions/{session_id}/duplicates": {"get": operation(
        "Groups of likely duplicate proposals (visible ones), each best-written first",
        ok=_json("DuplicateGroups", "The groups, biggest first; none is an empty list."),
        errors=OWNED_READ, params=[S], tags=["proposals"])},
    "/api/v1/sessions/{session_id}/results": {"get": operation(
        "Ranked results from the stored ballots", ok=_json("Results", "The results."),
        errors=_merge(OWNED_READ, {400: ["invalid_input"]}), tags=["sessions"],
        params=[S, {"name": "balance", "in": "query", "required": False,
                    "description": "`groups`: the group-balanced order; absent, empty or `none`: the plain one.",
                    "schema": {"enum": ["", "none", "groups"]}}])},
    "/api/v1/sessions/{session_id}/export.csv": {"get": operation(
        "The session's ranking as CSV", ok=_download("text/csv", "The CSV (UTF-8 with BOM, CRLF)."),
        errors=OWNED_READ, params=[S], tags=["exports"])},
    "/api/v1/proposals/{proposal_id}": {"patch": operation(
        "Edit a proposal, or hide it with a reason", ok=_json("EditedProposal", "The proposal after the change."),
        errors=_merge(BODY, OWNED_WRITE, {400: ["unknown_dimension", "proposal_merged"]}), body="ProposalEdit",
        params=[P], write=True, tags=["proposals"])},
    "/api/v1/proposals/{proposal_id}/merge": {"post": operation(
        "Merge this proposal into `into` (same session, before voting)", ok=_json("Proposal", "The survivor."),
        errors=_merge(BODY, OWNED_WRITE, {400: ["merge_across_sessions", "invalid_merge", "wrong_phase"]}),
        body="MergeRequest", params=[P], write=True, tags=["proposals"])},
    "/api/v1/workshops/{workshop_id}/questions": {
        "get": operation("The questions for the speakers, most upvoted first, and the board's mode",
                         ok=_json("QuestionList", "Every question, hidden and answered ones included."),
                         errors=OWNED_READ, params=[W], tags=["questions"]),
        "patch": operation("Show the top questions on the board beside the session, instead of it, or not",
                           ok=_json("QuestionList", "The questions and the board's new mode."),
                           errors=_merge(BODY, OWNED_WRITE), body="QuestionsBoardRequest", params=[W], write=True,
                           tags=["questions"])},
    "/api/v1/questions/{question_id}": {"patch": operation(
        "Open, hide, mark answered or put a question on the board", ok=_json("Question", "The question."),
        errors=_merge(BODY, OWNED_WRITE), body="QuestionStatusRequest", params=[Q], write=True,
        tags=["questions"])},
    "/api/v1/workshops/{workshop_id}/attendance": {"get": operation(
        "Invited / present / absent per unsur and per table, and the invited people in the list's order (a "
        "table co-facilitator: their table's)", ok=_json("AttendanceView", "The attendance."), errors=OWNED_READ,
        params=[W], tags=["attendance"])},
    "/api/v1/invitations/{invitation_id}/check-in": {"post": operation(
        "Mark an invited person present now (a repeat keeps the first time); `{\"present\": false}` undoes a "
        "mistaken tick. Any facilitator of the workshop; a table co-facilitator only people invited to their "
        "table", ok=_json("InvitationState", "The person after the change."),
        errors=_merge(BODY, OWNED_WRITE), body="CheckInRequest", params=[I], write=True, tags=["attendance"])},
    "/api/v1/invitations/{invitation_id}/reissue": {"post": operation(
        "A new badge for a lost one: the old QR's ticket stops working (`invalid_ticket`). Lead and "
        "whole-workshop co-facilitators", ok=_json("Reissued", "The person and the new badge's join URL."),
        errors=OWNED_WRITE, params=[I], write=True, tags=["attendance"])},
    "/api/v1/workshops/{workshop_id}/badges.pdf": {"get": operation(
        "Name badges, A4, 8 a page (2 x 4, cut lines), each with a personal QR that joins as that person; "
        "in the invitation list's order; rendered off the live loop",
        ok=_download("application/pdf", "The PDF (`badge-<join_code>.pdf`)."),
        errors=_merge(OWNED_READ, {400: ["invalid_input"], 404: ["no_invitations"], 503: ["pdf_unavailable"]}),
        params=[W, {"name": "ids", "in": "query", "required": False,
                    "description": "Comma-separated invitation ids: only their badges (to reprint one).",
                    "schema": {"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$"}, "example": "1,2"}],
        tags=["attendance"])},
    "/api/v1/participants/{participant_id}/hide-proposals": {"post": operation(
        "Hide every active proposal of one participant, in one change (a table co-facilitator: in their "
        "table's sessions)",
        ok=_json("HiddenProposals", "The ids hidden."), errors=_merge(BODY, OWNED_WRITE),
        body="HideProposalsRequest", params=[PT], write=True, tags=["participants"])},
    "/api/v1/participants/{participant_id}": {
        "patch": operation("Seat a participant at a table (`{table_id}`; null unseats)", ok=_json("Seat", "The seat."),
                           errors=_merge(BODY, OWNED_WRITE, {400: ["unknown_table"]}), body="SeatRequest",
                           params=[PT], write=True, tags=["participants"]),
        "delete": operation(
            "Remove a participant and their ballots, lead only (and with `proposals=hide`, hide their proposals)",
            ok=_json("RemovedParticipant", "The removed id and the ids of the proposals hidden."),
            errors=_merge(OWNED_WRITE, {400: ["invalid_input"]}), tags=["participants"], write=True,
            params=[PT, {"name": "proposals", "in": "query", "required": False,
                         "description": "`hide`: hide every active proposal of theirs too, in the same change; "
                                        "`keep` (the default): they stay, without a proposer.",
                         "schema": {"enum": ["keep", "hide"]}}])},
}

OPENAPI = {
    "openapi": "3.1.0",
    "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
    "info": {
        "title": "Rembuk API", "version": "1",
        "description": "The JSON API of a Rembuk server. The prose contract, with examples, is docs/protocol.md; "
                       "the Socket.IO events are described at /api/v1/asyncapi.json. Errors are "
                       "`{\"error\": {\"code\", \"message\", \"field\"?}}`: branch on `code`, never on `message` "
                       "(Indonesian by default, English with the cookie `lang=en`). Any id outside 1..2^63-1 is "
                       "`not_found`. A method a path does not have answers 405 `method_not_allowed`.",
    },
    "servers": [{"url": "/", "description": "The server itself (e.g. http://192.168.1.20:5000)."}],
    "tags": [{"name": name} for name in ("workshops", "tables", "sessions", "proposals", "participants",
                                         "invitations", "attendance", "questions", "exports", "contract")],
    "paths": PATHS,
    "components": {"schemas": SCHEMAS, "securitySchemes": SECURITY_SCHEMES},
}
