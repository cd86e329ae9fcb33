"""Human messages for error codes, in the user's language.

Services raise `RembukError(code, **params)`; the API and socket layers call
`error_body()` to turn it into `{"code", "message"}` at the edge, where the locale is known.
"""
from flask_babel import gettext, lazy_gettext as _l

from .errors import RembukError

MESSAGES = {
    "invalid_json": _l("The request body is not valid JSON."),
    "invalid_input": _l("Check the field %(field)s: %(reason)s"),
    "unauthorized": _l("Log in first, or send a valid token."),
    "forbidden": _l("You are not allowed to do this."),
    "csrf_failed": _l("The page has expired. Reload it and try again."),
    "method_not_allowed": _l("This address does not accept this method."),
    "too_large": _l("The request is too large."),
    "unknown_method": _l("Unknown voting method."),
    "not_found": _l("Not found."),
    "unknown_join_code": _l("No workshop has this code. Check the code on the screen."),
    "unknown_group": _l("Choose one of the stakeholder groups in the list."),
    "unknown_dimension": _l("Choose one of the six dimensions."),
    "invalid_phase": _l("Unknown phase."),
    "wrong_phase": _l("This is not possible now: the session is in the %(phase)s phase."),
    "invalid_ballot": _l("The ballot is not valid. Reload the page and try again."),
    "unknown_proposal": _l("One of the proposals is not in this session."),
    "over_cap": _l("At most %(cap)s dots on one proposal."),
    "over_budget": _l("You have only %(budget)s %(unit)s: take some off another proposal first."),
    "wrong_method": _l("This session votes by another method (%(method)s). Reload the page."),
    "unknown_criterion": _l("Unknown scoring criterion: %(criterion)s."),
    "score_out_of_range": _l("Scores go from %(min)s to %(max)s."),
    "duplicate_in_ranking": _l("A proposal can appear only once in your ranking."),
    "ranking_too_long": _l("Rank at most %(size)s proposals."),
    "merge_across_sessions": _l("Only proposals of the same session can be merged."),
    "invalid_merge": _l("These proposals cannot be merged: pick an active proposal to keep."),
    "settings_locked": _l("Ballots have been cast under these settings: they can no longer change."),
    "carry_same_workshop": _l("Carry proposals only from earlier sessions of this workshop."),
    "proposal_merged": _l("This proposal was merged into another: edit that one instead."),
    "backup_onto_itself": _l("Write the backup to another file than the live database."),
    "no_timer": _l("Start the timer first."),
    "workshop_closed": _l("This workshop is closed: its results are final. The facilitator can reopen it."),
    "pdf_unavailable": _l("This server cannot make PDF files. Open the report page and print it from the browser."),
    "email_taken": _l("An account with this e-mail address already exists."),
    "invalid_credentials": _l("Wrong e-mail address or password."),
    "setup_done": _l("Set-up is already done: log in instead."),
    "server_error": _l("Something went wrong on the server. Try again."),
    "export_failed": _l("The export could not be made just now. Try again in a moment."),
    "not_sqlite": _l("Backup and restore work on the SQLite database; for PostgreSQL use pg_dump."),
    "not_a_backup": _l("This file is not a Rembuk database backup."),
    "invalid_ticket": _l("This personal code is not on the list. Check the code on your attendance slip."),
    "ticket_used": _l("This personal code has already been used. Ask the organizers for help."),
    "invalid_url": _l("Give an address that starts with http:// or https://."),
    "rate_limited": _l("Too many requests at once. Wait a moment, then try again."),
    "unknown_option": _l("This answer is not one of the poll's options. Reload the page."),
    "duplicate_choice": _l("Choose each answer only once."),
    "too_many_choices": _l("Choose at most %(max)s answers."),
    "too_many_words": _l("Send at most %(max)s words."),
    "empty_word": _l("A word cannot be empty."),
    "word_too_long": _l("A word or phrase can have at most %(max)s characters."),
    "no_proposals_here": _l("This session takes no proposals: it votes by %(method)s."),
    "proposal_limit": _l("You have sent %(max)s proposals in this session, the most allowed."),
    "json_required": _l("Send the request as JSON (Content-Type: application/json)."),
    "cross_origin": _l("This request came from another website. Open the join page from the QR code instead."),
    "invalid_matrix_axes": _l("Choose each axis of the matrix among the session's criteria, none on both axes."),
    "too_many_logins": _l("Too many failed log-ins from this device or for this account. Wait a few minutes, then try again."),
    "unknown_table": _l("Choose one of the workshop's tables."),
    "wrong_table": _l("This session belongs to another table. Choose your table again, or ask the facilitator."),
    "already_lead": _l("This account already leads the workshop."),
    "question_closed": _l("This question has been answered or hidden: it takes no more votes."),
    "no_invitations": _l("There is no invitation list (or no such person on it): import the list first."),
    "empty_file": _l("The file is empty: choose the Excel or CSV file of the invitation list."),
    "not_a_spreadsheet": _l("This file is not an Excel (.xlsx) or CSV file. Save the list as .xlsx or .csv and choose it again."),
    "old_excel": _l("This is an old Excel file (.xls). Open it in Excel and save it as .xlsx (Excel Workbook), or as CSV."),
    "spreadsheet_too_big": _l("This Excel file unpacks to far more data than an invitation list. Copy the list into a new workbook and try again."),
    "too_many_rows": _l("The list has more than %(max)s rows. Split it into smaller files."),
    "import_conflict": _l("Someone imported a list at the same moment. Look at the list, then import again."),
    "import_refused": _l("Nothing was imported: %(count)s problems in the file. Correct them and import again."),
    "missing_column": _l("Nothing was imported: a required column was not found. Choose the columns."),
}

REASONS = {
    "required": _l("required"),
    "too_short": _l("too short (at least %(min)s characters)"),
    "too_long": _l("too long (at most %(max)s characters)"),
    "not_text": _l("must be text"),
    "not_integer": _l("must be a whole number"),
    "out_of_range": _l("must be between %(min)s and %(max)s"),
    "not_date": _l("must be a date (YYYY-MM-DD)"),
    "not_email": _l("must be an e-mail address"),
    "not_one_of": _l("must be one of: %(choices)s"),
    "not_key": _l("keys are lower-case letters, digits and _, each used once"),
    "not_boolean": _l("must be true or false"),
    "not_list": _l("must be a list"),
    "not_horizon": _l("must be 1, 5 or 10 (years)"),
    "bad_character": _l("contains a character that cannot be stored (NUL or a lone UTF-16 surrogate)"),
    "control_character": _l("contains a control character (only line breaks and tabs are allowed)"),
    "too_deep": _l("nested too deeply (at most %(max)s levels)"),
    "not_ids": _l("must be ids separated by commas"),
    "not_mapping": _l("must be a JSON object naming a column for name, group, organization, job_title, table or phone"),
}


# What a field is called in messages (the API keeps its own `field` key in the error body).
FIELDS = {
    "title": _l("title"), "description": _l("description"), "name": _l("name"),
    "organization": _l("organization"), "group": _l("group"), "dimension": _l("dimension"),
    "session_id": _l("session"), "client_id": _l("client id"), "venue": _l("venue"), "date": _l("date"),
    "dots_per_participant": _l("dots per participant"),
    "max_dots_per_proposal": _l("most dots on one proposal"),
    "password": _l("password"), "email": _l("e-mail"), "body": _l("request body"),
    "ticket": _l("personal code"), "criteria": _l("criteria"), "balance": _l("ranking view"),
    "action": _l("timer action"), "points_budget": _l("points per participant"), "rank_size": _l("ranking size"),
    "seconds": _l("seconds"), "top_n": _l("number of top proposals"), "labels": _l("names"), "count": _l("number"),
    "into": _l("proposal to keep"), "revealed": _l("show results"), "board_hidden": _l("hide on the board"),
    "auto_close": _l("close automatically"), "from_session_ids": _l("earlier sessions"), "method": _l("voting method"),
    "phase": _l("phase"), "hidden": _l("hidden"), "hidden_reason": _l("reason"), "public_base_url": _l("address for phones"), "strict": _l("strict mode"),
    "goal": _l("goal"), "target": _l("target"), "indicator": _l("success indicator"),
    "responsible_agency": _l("responsible agency"), "horizon": _l("horizon"), "quick_win": _l("Quick Win"),
    "options": _l("answer options"), "max_choices": _l("answers per person"), "max_words": _l("words per person"),
    "table_id": _l("table"), "mode": _l("mode"),
    "ids": _l("badges to print"), "present": _l("present"),
    "file": _l("file"), "mapping": _l("columns"), "job_title": _l("job title"), "phone": _l("phone number"),
    "table": _l("table"),
}

# A problem in one row (or column) of an imported invitation list: `row` is the sheet's own row number.
IMPORT_MESSAGES = {
    "required": _l("row %(row)s: %(field)s is empty"),
    "too_long": _l("row %(row)s: %(field)s is too long (at most %(max)s characters)"),
    "bad_character": _l("row %(row)s: %(field)s contains a control character or one that cannot be stored"),
    "unknown_group": _l("row %(row)s: group '%(value)s' is unknown — choose one of: %(choices)s"),
    "unknown_table": _l("row %(row)s: table '%(value)s' is unknown — choose one of: %(choices)s"),
    "no_tables": _l("row %(row)s: table '%(value)s', but the workshop has no tables yet — add the tables first, "
                    "or leave the table column out"),
    "duplicate_row": _l("row %(row)s: the same name and organization as row %(first)s"),
    "missing_column": _l("No column for %(field)s was found in the file: choose it among the file's columns."),
    "missing_mapped_column": _l("The column '%(header)s' (for %(field)s) is not in the file."),
}


def import_error_body(problem: dict) -> dict:
    """`{row, field, code, message}` for one problem of an imported list, in the current locale."""
    params = {**problem.get("params", {}), "row": problem["row"],
              "field": str(FIELDS.get(problem["field"], problem["field"]))}
    key = "missing_mapped_column" if problem["code"] == "missing_column" and params.get("header") else problem["code"]
    template = IMPORT_MESSAGES.get(key, MESSAGES["server_error"])
    try:
        message = str(template) % params
    except (KeyError, TypeError, ValueError):
        message = str(template)
    return {"row": problem["row"], "field": problem["field"], "code": problem["code"], "message": message}


UNITS = {"dots": _l("dots"), "points": _l("points")}
METHOD_NAMES = {"dots": _l("dots"), "points": _l("points"), "score": _l("criteria scores"), "rank": _l("ranking"),
                "poll": _l("quick poll"), "words": _l("word cloud")}


def error_body(error: RembukError) -> dict:
    """Return `{"code", "message"[, "field"]}` for an error, in the current locale."""
    params = dict(error.params)
    if "field" in params:
        params["field"] = str(FIELDS.get(params["field"], params["field"]))
    if "method" in params:
        params["method"] = str(METHOD_NAMES.get(params["method"], params["method"]))
    if "unit" in params:
        params["unit"] = str(UNITS.get(params["unit"], params["unit"]))
    if "phase" in params:
        params["phase"] = phase_label(params["phase"])
    if "reason" in params:
        params["reason"] = str(REASONS.get(params["reason"], params["reason"])) % params
    template = MESSAGES.get(error.code, MESSAGES["server_error"])
    try:
        message = str(template) % params
    except (KeyError, TypeError, ValueError):
        message = str(template)
    body = {"code": error.code, "message": message}
    if "field" in error.params:
        body["field"] = error.params["field"]
    return body


def phase_label(phase: str) -> str:
    """Translated name of a phase, for messages and pages."""
    labels = {
        "draft": gettext("draft"),
        "collect": gettext("collect proposals"),
        "review": gettext("review"),
        "vote": gettext("vote"),
        "closed": gettext("closed"),
    }
    return labels.get(phase, phase)
