"""JSON Schemas (Draft 2020-12) of everything the API and the socket events carry.

One table shared by the OpenAPI description (`openapi.py`) and the AsyncAPI one (`asyncapi.py`):
both put it under `components.schemas`, so `{"$ref": "#/components/schemas/Proposal"}` means the
same object in REST answers and in socket payloads. The prose behind each shape is
docs/protocol.md; tests/contract validates real answers and events against these schemas.
"""
from ..models import DIMENSIONS, METHODS as METHOD_KEYS
from ..services.invitations import FIELDS as IMPORT_FIELDS, MAX_ROWS as IMPORT_MAX_ROWS, PROBLEM_CODES
from ..voting import WORD_MAX
from ..voting.methods import MAX_WORDS_LIMIT, POLL_LABEL_MAX, POLL_OPTIONS_MAX, POLL_OPTIONS_MIN

PHASES = ["draft", "collect", "review", "vote", "closed"]
METHODS = list(METHOD_KEYS)
# A poll's options and a word cloud's words are proposals without a dimension ('').
DIMENSION = {"enum": list(DIMENSIONS) + [""],
             "description": "One of the six dimensions; `\"\"` for a poll option or a word of a word cloud."}
TIMER_ACTIONS = ["start", "pause", "resume", "extend", "reset", "set"]
HORIZONS = [1, 5, 10, None]
QUESTION_STATUSES = ["open", "hidden", "answered", "on_board"]
QUESTION_BOARD_MODES = ["off", "beside", "instead"]
QUESTION_MAX = 280




def ref(name: str) -> dict:
    """A reference to a shared schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, required=None, *, closed: bool = True, **extra) -> dict:
    """An object schema; `required` defaults to every property, `closed` forbids other keys."""
    schema = {"type": "object", "properties": properties,
              "required": list(properties) if required is None else list(required)}
    if closed:
        schema["additionalProperties"] = False
    return {**schema, **extra}


def nullable(schema: dict) -> dict:
    """`schema` or null."""
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict, **extra) -> dict:
    """A list of `items`."""
    return {"type": "array", "items": items, **extra}


ID = {"type": "integer", "minimum": 1}
INT = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
NUMBER = {"type": "number"}
BOOL = {"type": "boolean"}
STR = {"type": "string"}
TIME = {"type": "string", "format": "date-time", "description": "UTC, ISO 8601 with a `Z` suffix."}
DATE = {"type": "string", "format": "date"}
GROUP_KEY = {"type": "string", "description": "A stakeholder group key of the workshop (e.g. `opd`, `umkm`).",
             "examples": ["opd", "umkm"]}
BY_GROUP = {"type": "object", "additionalProperties": nullable(NUMBER),
            "description": "Per group key; `null` for a group without scores (score method)."}
SEQ = {"type": "integer", "minimum": 0, "description": "The workshop's revision (protocol §7.6)."}


def _text(max_len: int, min_len: int = 0, **extra) -> dict:
    schema = {"type": "string", "maxLength": max_len, **extra}
    if min_len:
        schema["minLength"] = min_len
    return schema


MASTERPLAN = {
    "goal": STR, "target": STR, "indicator": STR, "responsible_agency": STR,
    "horizon": {"enum": HORIZONS, "description": "Years: 1, 5, 10, or null."}, "quick_win": BOOL,
}
ATTENDANCE_FIGURES = {"invited": COUNT, "present": COUNT, "absent": COUNT}


def _optional_text(max_len: int) -> dict:
    """An optional text field: null counts as absent (`""`)."""
    return nullable(_text(max_len))


MASTERPLAN_INPUT = {
    "goal": _optional_text(1000), "target": _optional_text(1000), "indicator": _optional_text(1000),
    "responsible_agency": _optional_text(160),
    "horizon": {"enum": HORIZONS}, "quick_win": BOOL,
}
MODES = ["plenary", "tables"]
ORIGIN_TABLE = {"type": "object", "properties": {"id": ID, "name": STR}, "required": ["id", "name"],
                "additionalProperties": False,
                "description": "Only on a proposal carried from a table's session: the table it was first "
                               "collected at (kept through carry-over chains). Other proposals have no such key."}
TABLE_REF = {"type": "object", "properties": {"id": ID, "name": STR, "dimension": nullable({"enum": list(DIMENSIONS)})},
             "required": ["id", "name", "dimension"], "additionalProperties": False}
PROPOSAL_FIELDS = {
    "id": ID, "session_id": ID, "title": STR, "description": STR, "dimension": DIMENSION,
    "group": nullable(GROUP_KEY), "organization": STR, "merged_count": COUNT, **MASTERPLAN,
    "origin_table": ORIGIN_TABLE, "created_at": TIME,
}
RESULT_ROW_FIELDS = {
    "rank": ID, "proposal_id": ID, "score": NUMBER, "voters": COUNT, "by_group": BY_GROUP,
    "detail": ref("ResultDetail"), "balanced_rank": ID, "balanced_score": NUMBER, "merged_count": COUNT,
    "title": STR, "description": STR, "dimension": DIMENSION, "group": nullable(GROUP_KEY),
    "organization": STR, **MASTERPLAN,
}
SESSION_SETTINGS_INPUT = {
    "method": {"enum": METHODS},
    "dots_per_participant": {"type": "integer", "minimum": 1, "maximum": 100},
    "max_dots_per_proposal": {"type": "integer", "minimum": 1, "maximum": 100,
                              "description": "At most `dots_per_participant`."},
    "points_budget": {"type": "integer", "minimum": 1, "maximum": 10000},
    "rank_size": {"type": "integer", "minimum": 1, "maximum": 50},
    "max_proposals_per_participant": {"type": "integer", "minimum": 1, "maximum": 200,
                                      "description": "Proposals one participant may send in the session (default 10)."},
    "criteria": array(obj({"key": _text(40, 1, pattern="^[a-z0-9_]+$"), "label": _text(80, 1),
                           "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 100}},
                          required=["key", "label"], closed=False), minItems=1, maxItems=10),
    "options": array(obj({"key": _text(40, 1, pattern="^[a-z0-9_]+$",
                                       description="Unique in the poll; missing: the option's number (1, 2, ...)."),
                          "label": _text(POLL_LABEL_MAX, 1)}, required=["label"], closed=False),
                     minItems=POLL_OPTIONS_MIN, maxItems=POLL_OPTIONS_MAX,
                     description="A poll's options (required with `method: poll`); they become the session's "
                                 "proposals. A removed option is hidden; its key may come back."),
    "max_choices": {"type": "integer", "minimum": 1, "maximum": POLL_OPTIONS_MAX,
                    "description": "Poll: answers per person, at most the number of options (default 1)."},
    "max_words": {"type": "integer", "minimum": 1, "maximum": MAX_WORDS_LIMIT,
                  "description": "Word cloud: words or short phrases per person (default 3)."},
}
AXIS_KEYS = array(_text(40, 1, pattern="^[a-z0-9_]+$"), minItems=1, maxItems=10)
MATRIX_AXES = obj({"x": array(STR), "y": array(STR)},
                  description="The Quick Win matrix's axes: criterion keys for ease (x) and value (y).")
MATRIX_POINT = obj({"proposal_id": ID, "rank": ID, "x": nullable(NUMBER), "y": nullable(NUMBER),
                    "quadrant": nullable({"enum": ["quick_win", "major_project", "fill_in", "low_priority"]})},
                   description="`x` ease, `y` value (weighted means of the axis's criterion means); null "
                               "without scores on that axis.")
MATRIX_FIELDS = {"x": array(STR), "y": array(STR), "midpoint": NUMBER, "min": NUMBER, "max": NUMBER,
                 "points": array(MATRIX_POINT)}
WORKSHOP_INPUT = {"title": _text(200, 3), "venue": _optional_text(200), "date": nullable(DATE), "strict": BOOL}

# What every `session:state` says about tables (protocol §7.2): the mode, the workshop's tables to
# pick from, the table whose session is followed (null: the plenary), the person's own table, and
# whether the phone must show the table picker (tables mode, no table yet).
PROPOSALS_VERSION = {"type": "string", "pattern": "^[0-9a-f]{16}$",
                     "description": "Names one content of a session's shared proposal list (protocol §7.2a)."}
SEATING = {"mode": {"enum": MODES}, "tables": array(TABLE_REF), "table_id": nullable(ID),
           "my_table": nullable(TABLE_REF), "needs_table": BOOL}

IMPORT_REPORT = {
    "created": COUNT, "updated": COUNT, "unchanged": COUNT,
    "rows": {**COUNT, "description": "Rows of people read (empty rows aside)."},
    "errors": array(ref("ImportProblem"), maxItems=1000), "error_count": COUNT,
    "columns": array(STR, description="The file's column headers, for a mapping."),
    "header_row": ID,
    "mapping": obj({field: nullable(STR) for field in IMPORT_FIELDS},
                   description="The header used for each field (null: none)."),
    "preview": array(obj({"row": ID, "name": STR, "group": nullable(GROUP_KEY), "organization": STR,
                          "job_title": STR, "phone": STR, "table_id": nullable(ID),
                          "action": {"enum": ["create", "update", "unchanged"]}}), maxItems=50,
                     description="The first rows as they would be stored."),
    "dry_run": BOOL,
}

SCHEMAS = {
    # -- errors --------------------------------------------------------------------------
    "Error": obj({"code": {"type": "string", "description": "Stable error code (protocol §3)."},
                  "message": {"type": "string", "description": "Human message in the request's language."},
                  "field": {"type": "string", "description": "The API name of the field at fault."}},
                 required=["code", "message"]),
    "ErrorEnvelope": obj({"error": ref("Error")}),
    # -- workshops and sessions ----------------------------------------------------------
    "Group": obj({"key": GROUP_KEY, "label": STR}),
    "Criterion": obj({"key": STR, "label": STR, "weight": NUMBER}),
    "PollOption": obj({"key": STR, "label": STR, "proposal_id": ID}),
    "Settings": obj({"dots_per_participant": ID, "max_dots_per_proposal": ID, "points_budget": ID, "rank_size": ID,
                     "criteria": array(ref("Criterion")), "max_choices": ID, "max_words": ID,
                     "options": array(ref("PollOption"),
                                      description="A poll's options that can be chosen, in order ([] otherwise).")}),
    "Timer": obj({"running": BOOL, "remaining": {"type": "number", "minimum": 0}, "duration": ID,
                  "auto_close": BOOL, "ends_at": nullable(TIME)}),
    "Session": obj({"id": ID, "workshop_id": ID, "table_id": nullable(ID), "title": STR, "phase": {"enum": PHASES},
                    "method": {"enum": METHODS}, "position": COUNT, "revealed": BOOL,
                    "board_hidden": BOOL, "board_hides_results": BOOL,
                    "dots_per_participant": ID, "max_dots_per_proposal": ID, "max_proposals_per_participant": ID,
                    "settings": ref("Settings"), "matrix_axes": MATRIX_AXES},
                   closed=False),
    "SessionView": {"allOf": [ref("Session")], "type": "object",
                    "properties": {"timer": nullable(ref("Timer")), "seq": SEQ}, "required": ["timer", "seq"]},
    "Workshop": obj({"id": ID, "title": STR, "venue": STR, "date": nullable(DATE), "join_code": STR,
                     "join_url": STR, "strict": BOOL, "public_base_url": nullable(STR),
                     "closed_at": nullable(TIME), "board_url": STR, "current_session_id": nullable(ID),
                     "mode": {"enum": MODES}, "tables": array(ref("Table")),
                     "groups": array(ref("Group")), "sessions": array(ref("Session"))}),
    "WorkshopList": obj({"workshops": array(ref("Workshop"))}),
    "Table": obj({"id": ID, "workshop_id": ID, "name": STR, "dimension": nullable({"enum": list(DIMENSIONS)}),
                  "position": COUNT, "board_url": STR, "current_session_id": nullable(ID)}),
    "TableList": obj({"tables": array(ref("Table"))}),
    "TableRef": TABLE_REF,
    "ModeState": obj({"id": ID, "mode": {"enum": MODES}}),
    "Seat": obj({"id": ID, "table_id": nullable(ID)}),
    "CoFacilitator": obj({"facilitator_id": ID, "email": STR, "name": STR, "table_id": nullable(ID)}),
    "FacilitatorList": obj({"workshop_id": ID, "lead": obj({"facilitator_id": ID, "email": STR, "name": STR}),
                            "facilitators": array(ref("CoFacilitator"))}),
    "PhaseChange": obj({"id": ID, "phase": {"enum": PHASES}, "revealed": BOOL,
                        "current_session_id": nullable(ID), "seq": SEQ}),
    "LockState": obj({"id": ID, "closed": BOOL, "closed_at": nullable(TIME)}),
    # -- proposals -----------------------------------------------------------------------
    "Proposal": obj(PROPOSAL_FIELDS, required=[k for k in PROPOSAL_FIELDS if k != "origin_table"], closed=False),
    "EditedProposal": {"allOf": [ref("Proposal")], "type": "object",
                       "properties": {"status": {"enum": ["active", "hidden", "merged"]}, "hidden_reason": STR},
                       "required": ["status", "hidden_reason"]},
    "ModeratedProposal": {"allOf": [ref("EditedProposal")], "type": "object",
                          "properties": {"merged_into_id": nullable(ID), "origin_proposal_id": nullable(ID),
                                         "participant_id": nullable(ID)},
                          "required": ["merged_into_id", "origin_proposal_id", "participant_id"]},
    "ProposalList": obj({"session_id": ID, "proposals": array(ref("ModeratedProposal"))}),
    "Copied": obj({"copied": array(ref("Proposal"))}),
    "DuplicateGroups": obj({"session_id": ID, "groups": array(obj({
        "proposal_ids": array(ID, minItems=2, uniqueItems=True,
                              description="Best-written first: the one to merge the others into."),
        "score": {"type": "number", "minimum": 0, "maximum": 1,
                  "description": "The mean similarity of the group's pairs."}}))}),
    # -- results -------------------------------------------------------------------------
    "ResultDetail": {"oneOf": [
        obj({"dots": COUNT}), obj({"points": COUNT}),
        obj({"criteria_means": {"type": "object", "additionalProperties": nullable(NUMBER)}}),
        obj({"borda": COUNT, "first_choices": COUNT}), obj({"poll": COUNT}),
        obj({"words": COUNT}, description="How many people sent the word (in any spelling).")]},
    "ResultRow": obj({**RESULT_ROW_FIELDS, "overall_rank": ID, "overall_score": NUMBER,
                      "by_group_balanced": BY_GROUP, "origin_table": ORIGIN_TABLE},
                     required=list(RESULT_ROW_FIELDS)),
    "Disagreement": obj({"proposal_id": ID, "title": STR, "spread": NUMBER, "by_group": BY_GROUP}),
    "Matrix": obj({**MATRIX_FIELDS, "groups": {"type": "object", "additionalProperties": array(MATRIX_POINT),
                                               "description": "The same points from each group's scores only."}},
                  description="The Quick Win matrix of a `score` session (docs/voting.md)."),
    "BoardMatrix": obj(MATRIX_FIELDS, description="The board's matrix: the overall points of `Matrix`."),
    "Results": obj({"session_id": ID, "table_id": nullable(ID), "method": {"enum": METHODS}, "balanced": BOOL, "voters": COUNT,
                    "group_voters": {"type": "object", "additionalProperties": COUNT},
                    "results": array(ref("ResultRow")), "disagreements": array(ref("Disagreement")),
                    "matrix": ref("Matrix")},
                   required=["session_id", "table_id", "method", "balanced", "voters", "group_voters", "results",
                             "disagreements"],
                   **{"if": {"properties": {"method": {"const": "score"}}},
                      "then": {"required": ["matrix"]}, "else": {"not": {"required": ["matrix"]}}}),
    # -- ballots -------------------------------------------------------------------------
    "Ballot": {"description": "A whole ballot in the session method's wire shape (protocol §7.4).",
               "oneOf": [
                   obj({"dots": {"type": "object", "additionalProperties": COUNT}}),
                   obj({"points": {"type": "object", "additionalProperties": COUNT}}),
                   obj({"scores": {"type": "object", "additionalProperties": {
                       "type": "object", "additionalProperties": nullable(NUMBER)}}}),
                   obj({"ranking": array(ID)}),
                   obj({"choices": array(STR)}),
                   obj({"words": array(_text(WORD_MAX, 1))})]},
    "BallotInput": {"description": "A ballot as sent: like `Ballot`, and a ranking may name proposals by decimal "
                                   "strings too. Entries of 0 and null scores are dropped.",
                    "oneOf": [
                        obj({"dots": {"type": "object", "additionalProperties": COUNT}}),
                        obj({"points": {"type": "object", "additionalProperties": COUNT}}),
                        obj({"scores": {"type": "object", "additionalProperties": {
                            "type": "object", "additionalProperties": nullable(INT)}}}),
                        obj({"ranking": array({"anyOf": [ID, {"type": "string", "pattern": "^[0-9]{1,18}$"}]})}),
                        obj({"choices": array(STR, maxItems=POLL_OPTIONS_MAX,
                                              description="Option keys, each once, at most `max_choices`.")}),
                        obj({"words": array(_text(WORD_MAX, 1, pattern="\\S"), maxItems=MAX_WORDS_LIMIT,
                                            description="At most `max_words`; each 1-40 characters once "
                                                        "trimmed. Stop words alone and repeats are dropped.")})]},
    "BallotOutcome": obj({"ballot": ref("Ballot"), "remaining": nullable(COUNT)}),
    "PaperBallotOutcome": obj({"participant_id": ID, "ballot": ref("Ballot"), "remaining": nullable(COUNT)}),
    # -- participants, log, tickets --------------------------------------------------------
    "Participant": obj({"id": ID, "name": STR, "group": GROUP_KEY, "organization": STR, "workshop_id": ID}),
    "JoinAnswer": obj({"participant_id": ID, "token": STR, "workshop_id": ID, "participant": ref("Participant")}),
    "Attendee": obj({"id": ID, "name": STR, "group": GROUP_KEY, "organization": STR,
                     "kind": {"enum": ["phone", "paper"]}, "table_id": nullable(ID), "joined_at": TIME}),
    "ParticipantList": obj({"workshop_id": ID, "participants": array(ref("Attendee"))}),
    "Removed": obj({"removed": ID}),
    "RemovedParticipant": obj({"removed": ID, "proposals_hidden": array(ID)}),
    "HideProposalsRequest": obj({"hidden_reason": _optional_text(500)}, required=[], closed=False),
    "HiddenProposals": obj({"participant_id": ID, "hidden": array(ID)}),
    "LogEntry": obj({"id": ID, "at": TIME, "action": STR, "session_id": nullable(ID), "proposal_id": nullable(ID),
                     "by": nullable(STR), "by_name": nullable(STR), "detail": {"type": "object"}},
                    required=["id", "at", "action", "session_id", "proposal_id", "by", "detail"]),
    "ModerationLog": obj({"workshop_id": ID, "entries": array(ref("LogEntry"))}),
    "NewTicket": obj({"code": {"type": "string", "pattern": "^[A-Z0-9]{4}-[A-Z0-9]{4}$"}, "label": STR}),
    "NewTickets": obj({"tickets": array(ref("NewTicket"))}),
    "Ticket": obj({"id": ID, "label": STR, "used": BOOL, "used_at": nullable(TIME), "participant_id": nullable(ID)}),
    "TicketList": obj({"tickets": array(ref("Ticket"))}),
    "Dataset": obj({
        "workshop": obj({"id": ID, "title": STR, "venue": STR, "date": nullable(DATE), "join_code": STR,
                         "created_at": TIME, "closed_at": nullable(TIME), "facilitator": STR}, closed=False),
        "generated_at": TIME, "groups": array(ref("Group")),
        "sessions": array(obj({"id": ID, "number": ID, "title": STR, "method": {"enum": METHODS},
                               "phase": {"enum": PHASES}, "settings": ref("Settings"), "voters": COUNT,
                               "group_voters": {"type": "object", "additionalProperties": COUNT},
                               "table_id": nullable(ID),
                               "results": array(obj({**RESULT_ROW_FIELDS, "origin_proposal_id": nullable(ID),
                                                     "origin_table": ORIGIN_TABLE,
                                                     "table": nullable(obj(
                                                         {"id": ID, "name": STR},
                                                         description="Only in a workshop with tables: where "
                                                                     "the proposal was collected (null: the "
                                                                     "plenary)."))},
                                                    required=[*RESULT_ROW_FIELDS, "origin_proposal_id"])),
                               "disagreements": array(ref("Disagreement")), "matrix": ref("Matrix"),
                               "representation": array(
                                   obj({"group": GROUP_KEY, "invited": COUNT, "present": COUNT, "voted": COUNT}),
                                   description="Only with an invitation list: per group (the workshop's order, "
                                               "groups with no one invited, present or voting left out) the "
                                               "people invited, present (checked in + joined without an "
                                               "invitation; a table's session: that table's) and voting.")},
                              required=["id", "number", "title", "method", "phase", "settings", "voters",
                                        "group_voters", "results", "disagreements"], closed=False)),
        "attendance": array(obj({"name": STR, "group": GROUP_KEY, "organization": STR,
                                 "kind": {"enum": ["phone", "paper"]}, "joined_at": TIME,
                                 "sessions_voted": array(ID), "table": nullable(ORIGIN_TABLE),
                                 "invited": {**BOOL, "description": "Only with an invitation list: joined with "
                                                                    "their badge."}},
                                required=["name", "group", "organization", "kind", "joined_at", "sessions_voted"],
                                closed=False)),
        "invitations": array(obj({"name": STR, "job_title": STR, "organization": STR, "group": GROUP_KEY,
                                  "table": nullable(ORIGIN_TABLE), "present": BOOL, "checked_in_at": nullable(TIME),
                                  "sessions_voted": array(ID)}, required=["name", "job_title", "organization",
                                                                          "group", "present", "checked_in_at",
                                                                          "sessions_voted"]),
                             description="Only with an invitation list: the list in its order and who came."),
        "moderation_log": array(ref("LogEntry")),
        "ballots": array(obj({"session_id": ID, "session": ID, "voter": INT, "group": GROUP_KEY,
                              "proposal_id": ID, "value": nullable(NUMBER),
                              "scores": nullable({"type": "object"})}, closed=False)),
        "questions": array(ref("Question"), description="Questions for the speakers, most upvoted first."),
        "tables": array(obj({"id": ID, "name": STR, "dimension": nullable({"enum": list(DIMENSIONS)}),
                             "people": COUNT, "session_ids": array(ID)}, closed=False),
                        description="Only for a workshop with tables: each table, how many sit there, its sessions."),
    }, required=["workshop", "generated_at", "groups", "sessions", "attendance", "moderation_log", "ballots",
                 "questions"]),
    # -- the invitation list ---------------------------------------------------------------
    "Invitation": obj({"id": ID, "name": STR, "group": GROUP_KEY, "organization": STR, "job_title": STR, "phone": STR,
                       "table_id": nullable(ID), "position": COUNT,
                       "present": {**BOOL, "description": "Checked in (by their badge, or ticked)."},
                       "checked_in_at": nullable(TIME),
                       "participant_id": nullable({**ID, "description": "The phone that joined with the badge."})}),
    "InvitationList": obj({"workshop_id": ID, "invitations": array(ref("Invitation"),
                                                                   description="In the list's order.")}),
    "ImportProblem": obj({"row": {**ID, "description": "The sheet's own row number (the header row counts); "
                                                       "the header row for `missing_column`."},
                          "field": {"enum": list(IMPORT_FIELDS)},
                          "code": {"enum": list(PROBLEM_CODES)}, "message": STR}),
    "ImportReport": obj(IMPORT_REPORT),
    "ImportRefusal": obj({**IMPORT_REPORT, "error": ref("Error")},
                         description="Nothing was imported: `error.code` is `missing_column` (choose the columns "
                                     "among `columns` and send a `mapping`) or `import_refused`."),
    "InvitationImport": obj({"file": {"type": "string", "format": "binary",
                                      "description": "The list as .xlsx or .csv (UTF-8, with or without BOM, or "
                                                     "Windows-1252; `,` `;` or tab), at most 5 MiB and "
                                                     f"{IMPORT_MAX_ROWS} rows. A text part holding CSV works too."},
                             "mapping": {"type": "string", "description": "JSON `{field: header text or null}` "
                                                                          "naming the file's column for each field "
                                                                          "(null: leave an optional field out)."}},
                            required=["file"], closed=False),
    # -- questions for the speakers ------------------------------------------------------
    "Question": obj({"id": ID, "workshop_id": ID, "text": _text(QUESTION_MAX, 1), "anonymous": BOOL,
                     "author": nullable({**STR, "description": "The asker's name; null when anonymous (shown "
                                                                "as \"Anonim\") or removed."}),
                     "group": nullable(GROUP_KEY), "votes": COUNT, "status": {"enum": QUESTION_STATUSES},
                     "created_at": TIME}),
    "QuestionList": obj({"workshop_id": ID, "board": {"enum": QUESTION_BOARD_MODES},
                         "questions": array(ref("Question"))}),
    # -- attendance: check-in, badges --------------------------------------------------------
    "InvitationState": obj({"id": ID, "name": STR, "group": GROUP_KEY, "organization": STR, "job_title": STR,
                            "table_id": nullable(ID), "present": BOOL, "checked_in_at": nullable(TIME),
                            "participant_id": nullable({**ID, "description": "The phone that joined with the "
                                                                             "badge, if any."})},
                           description="One invited person and whether they are present (checked in)."),
    "AttendanceTable": obj({"id": nullable({**ID, "description": "null: people invited to no table."}),
                            "name": nullable(STR), **ATTENDANCE_FIGURES, "groups": array(ref("AttendanceGroup"))}),
    "AttendanceView": obj({"workshop_id": ID, **ATTENDANCE_FIGURES, "groups": array(ref("AttendanceGroup")),
                           "tables": array(ref("AttendanceTable")),
                           "walk_ins": {**COUNT, "description": "Phones that joined without a badge."},
                           "can_reissue": BOOL, "invitations": array(ref("InvitationState"))},
                          description="A table co-facilitator's view holds their table's figures and people only."),
    "CheckInRequest": obj({"present": {**BOOL, "default": True,
                                       "description": "false undoes a mistaken tick."}}, required=[], closed=False),
    "Reissued": obj({"invitation": ref("InvitationState"),
                     "join_url": {**STR, "description": "What the new badge's QR encodes: "
                                                        "`{public base URL}/j/{JOIN_CODE}?t={ticket}`."}}),
    # -- request bodies (unknown keys are ignored, so they stay open) ----------------------
    "WorkshopCreate": obj(WORKSHOP_INPUT, required=["title"], closed=False),
    "WorkshopUpdate": obj({**WORKSHOP_INPUT, "public_base_url": nullable(
        _text(200, description="`http(s)://host[:port][/path]`; null or empty for the default."))},
        required=[], closed=False),
    "SessionCreate": obj({"title": _text(200, 1), "table_id": nullable({**ID, "description": "A table of the "
                                                                       "workshop; absent or null: a plenary session."}),
                          **SESSION_SETTINGS_INPUT}, required=["title"], closed=False),
    "TableCreate": obj({"name": _text(80, 1), "dimension": nullable({"enum": list(DIMENSIONS)})},
                       required=["name"], closed=False),
    "TableUpdate": obj({"name": _text(80, 1), "dimension": nullable({"enum": list(DIMENSIONS)})},
                       required=[], closed=False),
    "ModeRequest": obj({"mode": {"enum": MODES}}, closed=False),
    "SeatRequest": obj({"table_id": nullable(ID)}, closed=False),
    "FacilitatorAdd": obj({"email": _text(254, 3, format="email"), "table_id": nullable(ID)}, required=["email"],
                          closed=False),
    "SessionUpdate": obj({"title": _text(200, 1), **SESSION_SETTINGS_INPUT,
                          "matrix_axes": nullable(obj({"x": AXIS_KEYS, "y": AXIS_KEYS},
                                                      description="Criteria of the session, none on both axes; "
                                                                  "null: the defaults."))},
                         required=[], closed=False),
    "PhaseRequest": obj({"phase": {"enum": PHASES}}, closed=False),
    "RevealRequest": obj({"revealed": BOOL, "board_hidden": BOOL}, required=["revealed"], closed=False),
    "TimerRequest": obj({"action": {"enum": TIMER_ACTIONS},
                         "seconds": {"type": "integer", "minimum": 1, "maximum": 14400}, "auto_close": BOOL},
                        required=[], closed=False),
    "CarryRequest": obj({"from_session_ids": array(ID, minItems=1, maxItems=50),
                         "top_n": {"type": "integer", "minimum": 1, "maximum": 100}},
                        required=["from_session_ids"], closed=False),
    "PaperBallotRequest": obj({"group": GROUP_KEY, "name": _optional_text(120), "organization": _optional_text(160),
                               "ballot": ref("BallotInput")}, required=["group", "ballot"], closed=False),
    "ProposalEdit": obj({"title": _text(120, 3), "description": _optional_text(1000),
                         "dimension": {"enum": list(DIMENSIONS)}, **MASTERPLAN_INPUT, "hidden": BOOL,
                         "hidden_reason": _optional_text(500)}, required=[], closed=False),
    "MergeRequest": obj({"into": ID}, closed=False),
    "QuestionStatusRequest": obj({"status": {"enum": QUESTION_STATUSES}}, closed=False),
    "QuestionsBoardRequest": obj({"board": {"enum": QUESTION_BOARD_MODES}}, closed=False),
    "TicketsRequest": obj({"labels": array(_optional_text(120), minItems=1, maxItems=2000),
                           "count": {"type": "integer", "minimum": 1, "maximum": 2000}},
                          required=[], closed=False),
    "JoinRequest": obj({"join_code": _text(32), "name": _text(120, 1), "group": GROUP_KEY,
                        "organization": _optional_text(160),
                        "ticket": {**STR, "description": "A personal code (`ABCD-EFGH`, case and separators "
                                                         "aside): required in a strict workshop. A badge's code "
                                                         "joins as the invited person: `name`, `group`, "
                                                         "`organization` and the table come from the invitation "
                                                         "list and may be left out."},
                        "table_id": nullable({**ID, "description": "Seat the person at this table of the workshop."})},
                       required=["join_code"], closed=False,
                       description="`name` and `group` are required unless `ticket` is a badge's."),
    # -- Socket.IO payloads (asyncapi.py) -------------------------------------------------
    "PhoneProposal": {"allOf": [ref("Proposal")], "type": "object",
                      "properties": {"mine": BOOL, "client_id": nullable(_text(64))}, "required": ["mine"],
                      "description": "Own proposals (`mine: true`) carry `client_id`; others have no such key.",
                      "if": {"properties": {"mine": {"const": True}}},
                      "then": {"required": ["client_id"]}, "else": {"not": {"required": ["client_id"]}}},
    "BoardRow": obj({"rank": ID, "proposal_id": ID, "title": STR, "dimension": DIMENSION,
                     "score": NUMBER, "voters": COUNT, "detail": ref("ResultDetail"), "merged_count": COUNT,
                     "origin_table": ORIGIN_TABLE},
                    required=["rank", "proposal_id", "title", "dimension", "score", "voters", "detail", "merged_count"]),
    "SessionState": {
        "description": "A participant's full snapshot (protocol §7.2). A phone that opted in to the shared "
                       "list (`auth.shared_proposals: 1`, §7.2a) gets `proposals_version` too; its `proposals` "
                       "are then only its own, and `results` come in `session:proposals`.",
        "oneOf": [
            obj({"session_id": {"type": "null"}, "title": {"type": "null"}, "phase": {"type": "null"},
                 "method": {"type": "null"}, "settings": obj({}), "proposals": {"type": "array", "maxItems": 0},
                 "ballot": {"type": "null"}, "remaining": {"type": "null"}, "revealed": {"const": False},
                 "timer": {"type": "null"}, **SEATING, "proposals_version": {"type": "null"}},
                required=["session_id", "title", "phase", "method", "settings", "proposals", "ballot", "remaining",
                          "revealed", "timer", *SEATING]),
            obj({"session_id": ID, "title": STR, "phase": {"enum": PHASES}, "method": {"enum": METHODS},
                 "settings": ref("Settings"), "revealed": BOOL, "timer": nullable(ref("Timer")),
                 "results": array(ref("BoardRow")), "proposals": array(ref("PhoneProposal")),
                 "ballot": ref("Ballot"), "remaining": nullable(COUNT), **SEATING,
                 "needs_table": {"const": False}, "proposals_version": PROPOSALS_VERSION},
                required=["session_id", "title", "phase", "method", "settings", "revealed", "timer", "proposals",
                          "ballot", "remaining", *SEATING],
                **{"if": {"properties": {"revealed": {"const": True}}, "required": ["revealed"],
                          "not": {"required": ["proposals_version"]}},
                   "then": {"required": ["results"]}, "else": {"not": {"required": ["results"]}}}),
        ]},
    "SessionProposals": obj({
        "session_id": ID, "version": PROPOSALS_VERSION,
        "proposals": array(ref("Proposal"), description="Every proposal the session's phones may see, in id order, "
                                                        "as everyone sees them (no `mine`, no `client_id`); empty "
                                                        "while collecting."),
        "results": array(ref("BoardRow"), description="Only once the session is revealed.")},
        required=["session_id", "version", "proposals"],
        description="The shared proposal list of a session (protocol §7.2a), for phones that opted in."),
    "ProposalsListRequest": obj({}, closed=False),
    "ProposalsListAck": {"oneOf": [obj({"ok": {"const": True},
                                        "shared": nullable(ref("SessionProposals"))}), ref("AckError")]},
    "AttendanceGroup": obj({"key": GROUP_KEY, "label": STR, **ATTENDANCE_FIGURES},
                           description="One unsur's invited people, those present (checked in) and those absent."),
    "BoardAttendance": obj({**ATTENDANCE_FIGURES, "groups": array(ref("AttendanceGroup"))},
                           description="Only for a workshop with an invitation list: invited / present / absent, "
                                       "in total and per unsur in the workshop's order (groups with nobody "
                                       "invited left out); a table's board counts the people invited to that "
                                       "table (protocol §7.6)."),
    "BoardUpdate": obj({
        "workshop_id": ID, "table_id": nullable(ID), "table": nullable(TABLE_REF), "session_id": nullable(ID), "title": nullable(STR), "phase": nullable({"enum": PHASES}),
        "method": nullable({"enum": METHODS}), "settings": {"anyOf": [ref("Settings"), obj({})]},
        "participants": obj({"total": COUNT, "by_group": {"type": "object", "additionalProperties": COUNT}}),
        "proposals_count": COUNT,
        "proposals": array(obj({"id": ID, "title": STR, "dimension": DIMENSION,
                                "group": nullable(GROUP_KEY), "merged_count": COUNT, "origin_table": ORIGIN_TABLE},
                               required=["id", "title", "dimension", "group", "merged_count"])),
        "voters": COUNT, "results": array(ref("BoardRow")), "balanced": array(ref("BoardRow")),
        "disagreements": array(ref("Disagreement")),
        "merges": array(obj({"proposal_id": ID, "title": STR, "into": ID, "into_title": STR, "at": TIME})),
        "revealed": BOOL, "results_hidden": BOOL, "board_hidden": BOOL, "timer": nullable(ref("Timer")),
        "matrix": nullable(ref("BoardMatrix")), "seq": SEQ,
        "questions": array(ref("Question"), maxItems=5, description="Only when the board shows questions: those "
                                                                      "put on the board first, then the most upvoted "
                                                                      "open ones (protocol §7.8)."),
        "questions_mode": {"enum": ["beside", "instead"], "description": "With `questions`: beside the session "
                                                                         "or instead of it."},
        "attendance": ref("BoardAttendance")},
        required=["workshop_id", "session_id", "title", "phase", "method", "settings", "participants",
                  "proposals_count", "proposals", "voters", "results", "balanced", "disagreements", "merges",
                  "revealed", "results_hidden", "board_hidden", "timer", "matrix", "seq"],
        dependentRequired={"questions": ["questions_mode"], "questions_mode": ["questions"]}),
    "ProposalSubmit": obj({"session_id": ID, "client_id": _optional_text(64), "title": _text(120, 3),
                           "description": _optional_text(1000), "dimension": {"enum": list(DIMENSIONS)},
                           **MASTERPLAN_INPUT}, required=["session_id", "title", "dimension"], closed=False),
    "BallotCast": obj({"session_id": ID, "ballot": ref("BallotInput")}, closed=False),
    "ProposalSimilar": obj({"session_id": ID, "title": _text(120, 3), "description": _optional_text(1000)},
                           required=["session_id", "title"], closed=False),
    "ProposalSimilarAck": {"oneOf": [obj({"ok": {"const": True}, "similar": array(obj({
        "id": ID, "title": STR, "score": {"type": "number", "minimum": 0, "maximum": 1}}), maxItems=3)}),
        ref("AckError")]},
    "BoardWatch": {"type": "object", "description": "`session_id` wins over `table_id`, which wins over "
                                                   "`workshop_id` (the others are ignored).",
                   "anyOf": [{"required": ["session_id"], "properties": {"session_id": ID}},
                             {"required": ["table_id"], "properties": {"table_id": ID},
                              "not": {"required": ["session_id"]}},
                             {"required": ["workshop_id"], "properties": {"workshop_id": ID},
                              "not": {"anyOf": [{"required": ["session_id"]}, {"required": ["table_id"]}]}}]},
    "TableChoose": obj({"table_id": nullable(ID)}, closed=False,
                       description="A table of the phone's workshop; null leaves the table."),
    "TableChooseAck": {"oneOf": [obj({"ok": {"const": True}, "table_id": nullable(ID)}), ref("AckError")]},
    "AckError": obj({"ok": {"const": False}, "error": ref("Error")}),
    "ProposalSubmitAck": {"oneOf": [obj({"ok": {"const": True}, "proposal": {
        "allOf": [ref("PhoneProposal")], "properties": {"mine": {"const": True}}}}), ref("AckError")]},
    "BallotCastAck": {"oneOf": [obj({"ok": {"const": True}, "ballot": ref("Ballot"),
                                     "remaining": nullable(COUNT)}), ref("AckError")]},
    "BoardWatchAck": {"oneOf": [obj({"ok": {"const": True}, "update": ref("BoardUpdate")}), ref("AckError")]},
    "BoardUnwatchAck": {"oneOf": [obj({"ok": {"const": True}}), ref("AckError")]},
    "QuestionAsk": obj({"workshop_id": ID, "text": _text(QUESTION_MAX, 1), "anonymous": BOOL,
                        "client_id": _optional_text(64)}, required=["workshop_id", "text"], closed=False),
    "QuestionAskAck": {"oneOf": [obj({"ok": {"const": True}, "question": ref("Question")}), ref("AckError")]},
    "QuestionVote": obj({"question_id": ID, "up": BOOL}, required=["question_id"], closed=False),
    "QuestionVoteAck": {"oneOf": [obj({"ok": {"const": True}, "votes": COUNT}), ref("AckError")]},
    "QuestionListRequest": obj({"workshop_id": ID}, closed=False),
    "QuestionListAck": {"oneOf": [obj({"ok": {"const": True}, "workshop_id": ID,
                                       "questions": array(ref("Question")), "voted": array(ID), "mine": array(ID)}),
                                  ref("AckError")]},
    "QuestionsUpdate": obj({"workshop_id": ID, "questions": array(ref("Question"), maxItems=100)},
                           description="The workshop's open questions (and those on the board), most upvoted "
                                       "first, the same for every phone (protocol §7.8)."),
    "ConnectError": obj({"message": {"enum": ["unauthorized", "server_error"]}, "data": ref("Error")}),
}
