"""Read models derived from stored ballots: results, the board's payload, each phone's state.

Nothing here is cached in process memory, so a restart or a second process computes the same.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter, OrderedDict
from typing import Iterable

from sqlalchemy import case, distinct, func, literal_column, select

from .. import changes
from ..extensions import db, per_app
from ..jsontext import JSONText, dump_compact
from ..models import (BallotEntry, ModerationEntry, Participant, Proposal, StakeholderGroup, Table,
                      Workshop, WorkshopSession)
from ..voting import (COUNTING, PROPOSAL_SOURCES, Aggregates, Cell, Rules, all_group_figures, balanced_ranking,
                      disagreements, rank_aggregates)
from .attendance import board_attendance
from .matrix import results_matrix
from .pace import timer_state
from .questions import board_questions
from .participation import ballot_outcome, stored_entries
from .tables import table_ref
from .workshops import session_rules, session_settings

MASTERPLAN = ("goal", "target", "indicator", "responsible_agency", "horizon", "quick_win")


def _proposals(session_id: int, statuses=("active",)) -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).where(Proposal.session_id == session_id,
                                                          Proposal.status.in_(statuses)).order_by(Proposal.id)))


PROPOSAL_COLUMNS = (Proposal.id, Proposal.session_id, Proposal.title, Proposal.description, Proposal.dimension,
                    Proposal.origin_table_id, *(getattr(Proposal, name) for name in MASTERPLAN))


def _proposal_rows(session_id: int) -> list:
    """The session's active proposals as plain rows (the columns results show, read by the same
    names as a Proposal's attributes), in id order: no ORM object per proposal."""
    return list(db.session.execute(select(*PROPOSAL_COLUMNS).where(
        Proposal.session_id == session_id, Proposal.status == "active").order_by(Proposal.id)))


def active_ids(session_id: int):
    """A select of the session's active proposal ids, for `stored_aggregates` to use in SQL."""
    return select(Proposal.id).where(Proposal.session_id == session_id, Proposal.status == "active").scalar_subquery()


def _proposers(session_id: int) -> dict[int, tuple[str | None, str]]:
    """proposal_id -> (proposer's group key, organization)."""
    rows = db.session.execute(
        select(Proposal.id, StakeholderGroup.key, Participant.organization)
        .join(Participant, Proposal.participant_id == Participant.id)
        .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(Proposal.session_id == session_id))
    return {pid: (key, org) for pid, key, org in rows}


def _merged_counts(session_id: int) -> dict[int, int]:
    """survivor id -> how many proposals were merged into it."""
    rows = db.session.execute(select(Proposal.merged_into_id, func.count(Proposal.id))
                              .where(Proposal.session_id == session_id, Proposal.status == "merged")
                              .group_by(Proposal.merged_into_id))
    return dict(rows.all())


def origin_table(proposal: Proposal, tables: dict[int, dict]) -> dict | None:
    """`{id, name}` of the table a carried proposal was first collected at; None otherwise."""
    return tables.get(proposal.origin_table_id) if proposal.origin_table_id else None


def with_origin(proposal: Proposal, tables: dict[int, dict]) -> dict:
    """`{"origin_table": {id, name}}` for a proposal carried from a table's session, else `{}`: only
    carried proposals carry the key, so payloads of workshops without tables stay as they were."""
    found = origin_table(proposal, tables)
    return {"origin_table": found} if found else {}


def proposal_dict(proposal: Proposal, proposer: tuple[str | None, str] = (None, ""), merged: int = 0,
                  tables: dict[int, dict] | None = None) -> dict:
    """A proposal as phones and API clients see it (the proposer's name is not shown).

    `tables` (from `tables.table_names`) names the origin table of carried proposals; without
    it the name is looked up.
    """
    if tables is None:
        tables = _origin_names([proposal])
    return {"id": proposal.id, "session_id": proposal.session_id, "title": proposal.title,
            "description": proposal.description, "dimension": proposal.dimension,
            "group": proposer[0], "organization": proposer[1], "merged_count": merged,
            **{name: getattr(proposal, name) for name in MASTERPLAN},
            **with_origin(proposal, tables),
            "created_at": proposal.created_at.isoformat() + "Z"}


def _origin_names(proposals: Iterable[Proposal]) -> dict[int, dict]:
    """`table_names` for the origin tables of these proposals (no query when none was carried)."""
    ids = {p.origin_table_id for p in proposals if p.origin_table_id}
    if not ids:
        return {}
    return {tid: {"id": tid, "name": name}
            for tid, name in db.session.execute(select(Table.id, Table.name).where(Table.id.in_(ids)))}


def proposal_view(proposal: Proposal) -> dict:
    """One proposal as phones see it, with its proposer's group."""
    participant = proposal.participant
    proposer = (participant.group.key, participant.organization) if participant else (None, "")
    return proposal_dict(proposal, proposer, _merged_counts(proposal.session_id).get(proposal.id, 0))


def moderation_list(session: WorkshopSession) -> list[dict]:
    """Every proposal of a session for the console, hidden and merged ones included."""
    proposers = _proposers(session.id)
    merged = _merged_counts(session.id)
    listed = _proposals(session.id, ("active", "hidden", "merged"))
    tables = _origin_names(listed)
    return [{**proposal_dict(p, proposers.get(p.id, (None, "")), merged.get(p.id, 0), tables), "status": p.status,
             "hidden_reason": p.hidden_reason, "merged_into_id": p.merged_into_id,
             "origin_proposal_id": p.origin_proposal_id, "participant_id": p.participant_id}
            for p in listed]


def stored_aggregates(session_id: int, proposal_ids, groups, rules: Rules) -> Aggregates:
    """The session's ballots on the given proposals, summed by the database per proposal and group.

    The same figures as `voting.aggregate` over every stored row, in two grouped queries (three
    for `score`): the rows never travel to Python, so a redraw stays a few milliseconds at
    1,000 voters. `proposal_ids` is a list of ids or a select of them (`active_ids`: the
    database picks them itself, no list of 800 parameters to bind).
    """
    entry = BallotEntry
    key_of = {g.id: g.key for g in groups}
    counted = (entry.session_id == session_id, entry.proposal_id.in_(proposal_ids), entry.value > 0)
    found = Aggregates()
    # Each voter once (the distinct ids in the primary key's order, no sort), then their groups.
    voters = select(entry.participant_id).where(*counted).distinct().subquery()
    found.group_voters = {key_of[group_id]: n for group_id, n in db.session.execute(
        select(Participant.group_id, func.count())
        .join(voters, voters.c.participant_id == Participant.id).group_by(Participant.group_id))}
    if rules.method == "score":
        # The session's criterion weights written into the query (a criterion that is not the
        # session's weighs 0, as the join on criteria this replaces left it out): no join per row.
        weight_of = case({key: float(weight) for key, weight in rules.criteria}, value=entry.criterion,
                         else_=0.0) if rules.criteria else literal_column("0.0")
        weight = func.sum(weight_of)
        people = (select(entry.proposal_id, entry.participant_id,
                         (func.sum(weight_of * entry.value) / weight).label("mean"))
                  .where(*counted).group_by(entry.proposal_id, entry.participant_id).having(weight > 0)).subquery()
        cells = (select(people.c.proposal_id, Participant.group_id, func.sum(people.c.mean), func.count(),
                        literal_column("0"))
                 .join(Participant, people.c.participant_id == Participant.id)
                 .group_by(people.c.proposal_id, Participant.group_id))
        found.criteria = {(pid, criterion): (float(total), count) for pid, criterion, total, count in db.session.execute(
            select(entry.proposal_id, entry.criterion, func.sum(entry.value), func.count())
            .where(*counted).group_by(entry.proposal_id, entry.criterion))}
    else:
        if COUNTING[rules.method] == "borda":  # place p of K earns K + 1 - p points, never fewer than 0
            points = case((entry.value <= rules.rank_size + 1, rules.rank_size + 1 - entry.value), else_=0)
            firsts = func.sum(case((entry.value == 1, 1), else_=0))
        elif COUNTING[rules.method] == "one":  # a mention counts one, whatever its place
            points, firsts = literal_column("1"), literal_column("0")
        else:
            points, firsts = entry.value, literal_column("0")
        cells = (select(entry.proposal_id, Participant.group_id, func.sum(points),
                        func.count(distinct(entry.participant_id)), firsts)
                 .join(Participant, entry.participant_id == Participant.id).where(*counted)
                 .group_by(entry.proposal_id, Participant.group_id))
    for pid, group_id, total, voters, first in db.session.execute(cells):
        found.cells[(pid, key_of[group_id])] = Cell(total=float(total), voters=voters, firsts=int(first or 0))
    return found


def spellings(session_id: int) -> dict[int, str]:
    """A word cloud's words as shown: each word's most common spelling among the ballots (ties: the
    earliest-sorting spelling), for the words somebody sends now."""
    counts = db.session.execute(
        select(BallotEntry.proposal_id, BallotEntry.criterion, func.count())
        .where(BallotEntry.session_id == session_id, BallotEntry.value > 0)
        .group_by(BallotEntry.proposal_id, BallotEntry.criterion))
    best: dict[int, tuple[int, str]] = {}
    for pid, spelling, n in counts:
        if pid not in best or (-n, spelling) < (-best[pid][0], best[pid][1]):
            best[pid] = (n, spelling)
    return {pid: spelling for pid, (_n, spelling) in best.items()}


def session_results(session: WorkshopSession, balance: bool = False, matrix_groups: bool = True) -> dict:
    """Ranked results of a session, computed from its stored ballots on active proposals.

    With `balance`, the ranking is the group-balanced one (every group weighs the same) and
    each row also carries its overall rank. Without `matrix_groups`, a `score` session's matrix
    has no per-group points (`groups` is left out; the board draws the overall points only).
    """
    proposals = {p.id: p for p in _proposal_rows(session.id)}
    proposers = _proposers(session.id)
    merged = _merged_counts(session.id)
    groups = session.workshop.groups
    rules = session_rules(session)
    shown_as = spellings(session.id) if PROPOSAL_SOURCES[session.method] == "ballots" else {}
    # The ids as a select, not a list: the proposals read above are the same rows.
    found = stored_aggregates(session.id, active_ids(session.id), groups, rules)
    outcome = rank_aggregates(proposals, found, [g.key for g in groups], rules)
    figures_of = all_group_figures(outcome["results"], outcome["group_voters"], session.method)
    balanced = balanced_ranking(outcome["results"], outcome["group_voters"], session.method, figures_of)
    balanced_by_id = {row["proposal_id"]: row for row in balanced}
    tables = _origin_names(proposals.values())

    def described(row: dict) -> dict:
        proposal = proposals[row["proposal_id"]]
        group, organization = proposers.get(proposal.id, (None, ""))
        return {**row, "title": shown_as.get(proposal.id, proposal.title), "description": proposal.description,
                "dimension": proposal.dimension, "group": group, "organization": organization,
                "merged_count": merged.get(proposal.id, 0),
                "balanced_rank": balanced_by_id[proposal.id]["rank"],
                "balanced_score": balanced_by_id[proposal.id]["score"],
                **{name: getattr(proposal, name) for name in MASTERPLAN},
                **with_origin(proposal, tables)}

    results = [described(row) for row in outcome["results"]]
    if balance:
        overall = {row["proposal_id"]: row for row in results}
        results = [{**overall[row["proposal_id"]], "rank": row["rank"], "score": row["score"],
                    "overall_rank": overall[row["proposal_id"]]["rank"],
                    "overall_score": overall[row["proposal_id"]]["score"],
                    "by_group_balanced": row["by_group"]} for row in balanced]
    titles = {pid: shown_as.get(pid, p.title) for pid, p in proposals.items()}
    shown = {"session_id": session.id, "table_id": session.table_id, "method": session.method, "balanced": balance,
             "voters": outcome["voters"], "group_voters": outcome["group_voters"], "results": results,
             "disagreements": [{**d, "title": titles[d["proposal_id"]]}
                               for d in disagreements(outcome["results"], outcome["group_voters"], session.method,
                                                      figures_of=figures_of)]}
    if session.method == "score":
        # Points carry the overall rank, whatever the ranking shown.
        shown["matrix"] = results_matrix(session, outcome["results"], None if matrix_groups else found.criteria)
    return shown


def participant_counts(workshop: Workshop, table_id: int | None = None) -> dict:
    """Participants joined (seated at `table_id`, when given), in total and per group key (every group present)."""
    query = (select(StakeholderGroup.key, func.count(Participant.id))
             .join(Participant, Participant.group_id == StakeholderGroup.id)
             .where(StakeholderGroup.workshop_id == workshop.id))
    if table_id is not None:
        query = query.where(Participant.table_id == table_id)
    rows = dict(db.session.execute(query.group_by(StakeholderGroup.key)).all())
    by_group = {g.key: rows.get(g.key, 0) for g in workshop.groups}
    return {"total": sum(by_group.values()), "by_group": by_group}


def _recent_merges(session_id: int, limit: int = 5) -> list[dict]:
    """The session's latest merges, newest first, from the moderation log."""
    rows = db.session.scalars(
        select(ModerationEntry).where(ModerationEntry.session_id == session_id, ModerationEntry.action == "merge")
        .order_by(ModerationEntry.id.desc()).limit(limit))
    merges = []
    for entry in rows:
        detail = json.loads(entry.detail)
        merges.append({"proposal_id": detail["source"]["id"], "title": detail["source"]["title"],
                       "into": detail["into"]["id"], "into_title": detail["into"]["title"],
                       "at": entry.created_at.isoformat() + "Z"})
    return merges


def _board_row(row: dict) -> dict:
    return {"rank": row["rank"], "proposal_id": row["proposal_id"], "title": row["title"],
            "dimension": row["dimension"], "score": row["score"], "voters": row["voters"],
            "detail": row["detail"], "merged_count": row["merged_count"], **_origin_of(row)}


def _origin_of(row: dict) -> dict:
    return {"origin_table": row["origin_table"]} if "origin_table" in row else {}


def board_payload(workshop: Workshop, session: WorkshopSession | None, table: Table | None = None) -> dict:
    """The `board:update` payload for a workshop's board showing `session` (or none yet).

    A table's board (`table`, or the table of `session`) carries the table and counts the
    people seated there; the plenary's has `table_id: null` and counts everyone.
    When the facilitator hides results from the board until the reveal, `results`,
    `balanced` and `disagreements` are empty and `results_hidden` is true.
    """
    if table is None and session is not None and session.table_id is not None:
        table = db.session.get(Table, session.table_id)
    payload = {"workshop_id": workshop.id, "table_id": table.id if table else None, "table": table_ref(table),
               "session_id": None, "title": None, "phase": None,
               "method": None, "settings": {},
               "participants": participant_counts(workshop, table.id if table else None),
               "proposals_count": 0, "proposals": [], "voters": 0, "results": [], "balanced": [],
               "disagreements": [], "merges": [], "revealed": False, "results_hidden": False,
               "board_hidden": False, "matrix": None,
               "timer": None, "seq": workshop.revision}
    # "Hadir: OPD 28/31 · Desa 12/20": only for a workshop with an invitation list (a table's
    # board: the people invited to that table).
    attendance = board_attendance(workshop, table)
    if attendance is not None:
        payload["attendance"] = attendance
    # The questions for the speakers are the plenary's: a table's board never shows them.
    questions = board_questions(workshop) if table is None else None
    if questions is not None:
        # Shown beside the session unless the facilitator chose instead (a question put on the
        # board while the mode is off shows beside).
        payload.update(questions=questions,
                       questions_mode="instead" if workshop.questions_board == "instead" else "beside")
    if session is None:
        return payload
    outcome = session_results(session, matrix_groups=False)
    hidden = session.board_hides_results and not session.revealed
    by_id = {r["proposal_id"]: r for r in outcome["results"]}
    balanced = sorted(outcome["results"], key=lambda r: (r["balanced_rank"], r["proposal_id"]))
    payload.update(
        session_id=session.id, title=session.title, phase=session.phase, method=session.method,
        settings=session_settings(session), proposals_count=len(by_id),
        proposals=[{"id": r["proposal_id"], "title": r["title"], "dimension": r["dimension"],
                    "group": r["group"], "merged_count": r["merged_count"], **_origin_of(r)}
                   for r in sorted(by_id.values(), key=lambda r: -r["proposal_id"])],
        voters=outcome["voters"], revealed=session.revealed, results_hidden=hidden,
        board_hidden=session.board_hides_results,
        timer=timer_state(session), merges=_recent_merges(session.id))
    if not hidden:
        payload.update(
            results=[_board_row(r) for r in outcome["results"]],
            balanced=[{**_board_row(r), "rank": r["balanced_rank"], "score": r["balanced_score"]} for r in balanced],
            disagreements=outcome["disagreements"])
        if "matrix" in outcome:  # the board draws the overall points only
            payload["matrix"] = outcome["matrix"]
    return payload


EMPTY_STATE = {"session_id": None, "title": None, "phase": None, "method": None, "settings": {},
               "proposals": [], "ballot": None, "remaining": None, "revealed": False, "timer": None}


def phone_states(workshop: Workshop, participants: Iterable[Participant]) -> dict[int, dict]:
    """The `session:state` snapshot for each given participant of the workshop, in bulk.

    In `plenary` mode everyone gets the workshop's current session; in `tables` mode each person
    gets their table's current session, and a person without a table gets no session and
    `needs_table: true` (the phone shows the table picker). Every snapshot names the mode, the
    workshop's tables, the table followed (`table_id`, null for the plenary) and the person's own
    table (`my_table`).
    """
    participants = list(participants)
    audiences = _Audiences(workshop, participants)
    common = audiences.common
    states = {p.id: {**EMPTY_STATE, **common, "table_id": None, "needs_table": True} for p in audiences.unseated}
    for table_id, session, people in audiences.followed:
        extra = {**common, "table_id": table_id, "needs_table": False}
        if session is None:
            states.update({p.id: {**EMPTY_STATE, **extra} for p in people})
        else:
            states.update(_session_states(session, people, extra))
    for participant in participants:
        states[participant.id]["my_table"] = table_ref(audiences.tables.get(participant.table_id))
    return states


class _Audiences:
    """Who follows what, for a push to phones: in `plenary` mode everyone the plenary's current
    session; in `tables` mode each person their table's, and the people without a table (or
    whose table is gone) none (`unseated`: the table picker)."""

    def __init__(self, workshop: Workshop, participants: list[Participant]):
        self.tables = {t.id: t for t in workshop.tables}
        # In every snapshot: the mode and the workshop's tables.
        self.common = {"mode": workshop.mode, "tables": [table_ref(t) for t in self.tables.values()]}
        self.unseated: list[Participant] = []
        by_table: dict[int | None, list[Participant]] = {}  # table id (None: the plenary) -> people
        for participant in participants:
            if workshop.mode != "tables":
                by_table.setdefault(None, []).append(participant)
            elif participant.table_id in self.tables:
                by_table.setdefault(participant.table_id, []).append(participant)
            else:
                self.unseated.append(participant)
        # (table id or None, the session followed or None, its people)
        self.followed: list[tuple[int | None, WorkshopSession | None, list[Participant]]] = []
        for table_id, people in by_table.items():
            current = self.tables[table_id].current_session_id if table_id is not None else workshop.current_session_id
            self.followed.append((table_id, db.session.get(WorkshopSession, current) if current else None, people))
        self._my_tables: dict[int | None, str] = {}  # a table id -> its encoded `"my_table":...` part

    def my_table(self, participant: Participant) -> str:
        """The encoded `"my_table":...` part of a participant's snapshot (once per table)."""
        if participant.table_id not in self._my_tables:
            self._my_tables[participant.table_id] = (
                '"my_table":' + dump_compact(table_ref(self.tables.get(participant.table_id))))
        return self._my_tables[participant.table_id]



def _session_states(session: WorkshopSession, participants: list[Participant], extra: dict) -> dict[int, dict]:
    """The snapshots of people following one session."""
    rules = session_rules(session)
    proposals = _phone_proposals(session)
    proposers = _proposers(session.id)
    merged = _merged_counts(session.id)
    tables = _origin_names(proposals)
    shown = [(p.participant_id, p.client_id,
              proposal_dict(p, proposers.get(p.id, (None, "")), merged.get(p.id, 0), tables))
             for p in proposals]
    entries = stored_entries(session.id, [p.id for p in participants])
    common = _phone_common(session, extra)
    states = {}
    for participant in participants:
        # While collecting, a phone lists only what its owner sent; afterwards, everything.
        own_only = session.phase in ("draft", "collect")
        listed = []
        for author, client_id, shown_proposal in shown:
            if author == participant.id:
                # The phone matches its queued submits to stored proposals by client_id.
                listed.append({**shown_proposal, "mine": True, "client_id": client_id})
            elif not own_only:
                listed.append({**shown_proposal, "mine": False})
        mine = entries.get(participant.id, {})
        states[participant.id] = {**common, "proposals": listed, **ballot_outcome(mine, rules)}
    return states


# How much the pushes cost, in pieces encoded: tests hold a push to O(participants + proposals).
push_counts = Counter()


def phone_pushes(workshop: Workshop, participants: Iterable[Participant] | None = None
                 ) -> list[tuple[list[int], JSONText]]:
    """`session:state` for phones of the workshop (all, or the given ones), encoded, with the
    participants each payload goes to.

    The same snapshots as `phone_states` (each phone gets the session it follows: the plenary's
    in `plenary` mode, its table's in `tables` mode, none with `needs_table` when unseated), built
    in O(participants + proposals): each followed session's part and each of its proposals are
    encoded once per push (a proposal twice when its author is a phone pushed to: as theirs and as
    everyone else's); a phone's own part (its ballot, what it has left, which proposals are its
    own, its table) is small. Phones following the same session whose own part is the same get the
    same payload, encoded once: after `collect` that is every phone of the session that sent
    nothing and has not voted yet.
    """
    if participants is None:
        participants = workshop_participants(workshop.id)
    participants = list(participants)
    push_counts.update(pushes=1)
    if not participants:
        return []
    audiences = _Audiences(workshop, participants)
    common, my_table = audiences.common, audiences.my_table
    pushes: list[tuple[list[int], JSONText]] = []
    if audiences.unseated:
        pushes += _empty_pushes({**EMPTY_STATE, **common, "table_id": None, "needs_table": True},
                                audiences.unseated, my_table)
    for table_id, session, people in audiences.followed:
        extra = {**common, "table_id": table_id, "needs_table": False}
        if session is None:
            pushes += _empty_pushes({**EMPTY_STATE, **extra}, people, my_table)
        else:
            pushes += _session_pushes(session, people, extra, my_table)
    push_counts.update(payloads=len(pushes))
    return pushes


def _empty_pushes(state: dict, people: list[Participant], my_table) -> list[tuple[list[int], JSONText]]:
    """The payloads of people following no session: one per distinct own table."""
    head = dump_compact(state)[1:-1]
    groups: dict[str, list[int]] = {}
    for participant in people:
        groups.setdefault(my_table(participant), []).append(participant.id)
    return [(members, JSONText("{" + head + "," + part + "}")) for part, members in groups.items()]



def _phone_common(session: WorkshopSession, extra: dict, results: bool = True) -> dict:
    """What every phone following `session` gets alike: the session, its timer, revealed results
    (unless `results` is false: the shared list carries them then)."""
    common = {"session_id": session.id, "title": session.title, "phase": session.phase,
              "method": session.method, "settings": session_settings(session), "revealed": session.revealed,
              "timer": timer_state(session), **extra}
    if session.revealed and results:
        common["results"] = _revealed_rows(session)
    return common


def _revealed_rows(session: WorkshopSession) -> list[dict]:
    """The results phones see once the session is revealed."""
    return [{**{k: r[k] for k in ("rank", "proposal_id", "title", "dimension", "score", "voters", "detail",
                                  "merged_count")}, **_origin_of(r)}
            for r in session_results(session)["results"]]


def _phone_proposals(session: WorkshopSession) -> list:
    """The proposals phones list; a word cloud's words are everybody's ballots, so none (each phone
    has its own words in `ballot`)."""
    return _proposals(session.id) if PROPOSAL_SOURCES[session.method] != "ballots" else []

def _session_pushes(session: WorkshopSession, people: list[Participant], extra: dict,
                    my_table) -> list[tuple[list[int], JSONText]]:
    """The payloads of people following one session, grouped by their own part."""
    rules = session_rules(session)
    common = _phone_common(session, extra)
    head = dump_compact(common)[1:-1]
    proposals = _phone_proposals(session)
    proposers = _proposers(session.id)
    merged = _merged_counts(session.id)
    origins = _origin_names(proposals)
    own_only = session.phase in ("draft", "collect")  # while collecting, a phone lists only its own
    phones = {p.id for p in people}
    others: list[str] = []  # each proposal as everyone but its author sees it, in id order
    own: dict[int, list[tuple[int, str]]] = {}  # author -> [(index in the list, as the author sees it)]
    for index, p in enumerate(proposals):
        shown = proposal_dict(p, proposers.get(p.id, (None, "")), merged.get(p.id, 0), origins)
        if not own_only:
            others.append(dump_compact({**shown, "mine": False}))
        if p.participant_id in phones:
            # The phone matches its queued submits to stored proposals by client_id.
            own.setdefault(p.participant_id, []).append(
                (index, dump_compact({**shown, "mine": True, "client_id": p.client_id})))
    push_counts.update(proposals_encoded=len(others) + sum(len(v) for v in own.values()))
    everyone = "[" + ",".join(others) + "]"
    entries = stored_entries(session.id, list(phones) if len(phones) <= 500 else None)
    parts: dict[str, str] = {}  # an own part's encoding -> the same string, so equal parts compare fast
    groups: dict[tuple[str, int | None], list[int]] = {}
    for participant in people:
        part = (dump_compact(ballot_outcome(entries.get(participant.id, {}), rules))[1:-1] + ","
                + my_table(participant))
        part = parts.setdefault(part, part)
        groups.setdefault((part, participant.id if participant.id in own else None), []).append(participant.id)
    pushes = []
    for (part, author), members in groups.items():
        if author is None:
            listed = "[]" if own_only else everyone
        elif own_only:
            listed = "[" + ",".join(text for _, text in own[author]) + "]"
        else:
            mine = list(others)
            for index, text in own[author]:
                mine[index] = text
            listed = "[" + ",".join(mine) + "]"
        pushes.append((members, JSONText("{" + head + ',"proposals":' + listed + "," + part + "}")))
    return pushes


# -- The shared proposal list (protocol §7.2a) ------------------------------------------------
#
# A phone that opts in at connect (`auth.shared_proposals: 1`) gets a small `session:state`: the
# same fields, but `proposals` holds only its own proposals and `results` is left out; instead
# `proposals_version` names the `session:proposals` list that completes it. That list (every
# proposal the phones of the session may see, and the revealed results) is the same for every
# phone: built and encoded once per push, emitted once to all of them.


def shared_list(session: WorkshopSession, shown: list[tuple[int | None, str | None, str]] | None = None
                ) -> tuple[str, JSONText]:
    """`(version, the encoded session:proposals payload)` of the phones following `session`.

    While collecting (`draft`, `collect`) phones see only their own proposals: the list is empty
    then. The version is a digest of the list's content, so it changes exactly when what phones
    may see of the list changes (a proposal sent, hidden or merged, a phase that shows the list,
    the reveal), and every process computes the same one.
    """
    if shown is None:
        shown = _shown_proposals(session)
    listed = [] if session.phase in ("draft", "collect") else shown
    body = '"proposals":[' + ",".join(text for _, _, text in listed) + "]"
    if session.revealed:
        body += ',"results":' + dump_compact(_revealed_rows(session))
    version = hashlib.sha1(f"{session.id}:{body}".encode()).hexdigest()[:16]
    push_counts.update(lists_encoded=1)
    return version, JSONText('{"session_id":%d,"version":"%s",%s}' % (session.id, version, body))


def _shown_proposals(session: WorkshopSession) -> list[tuple[int | None, str | None, str]]:
    """The proposals phones list (`_phone_proposals`), each encoded as everyone sees it (no `mine`,
    no `client_id`; the same object as `proposal_dict`), with its author and `client_id`:
    `[(participant_id, client_id, text)]` in id order.

    Read as plain rows in one query (no ORM objects): with 800 long proposals this is most of
    what a push costs.
    """
    if PROPOSAL_SOURCES[session.method] == "ballots":
        return []
    rows = db.session.execute(
        select(Proposal.id, Proposal.session_id, Proposal.title, Proposal.description, Proposal.dimension,
               *(getattr(Proposal, name) for name in MASTERPLAN), Proposal.origin_table_id, Proposal.created_at,
               Proposal.participant_id, Proposal.client_id, Participant.id, StakeholderGroup.key,
               Participant.organization)
        .outerjoin(Participant, Proposal.participant_id == Participant.id)
        .outerjoin(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
        .where(Proposal.session_id == session.id, Proposal.status == "active").order_by(Proposal.id)).all()
    merged = _merged_counts(session.id)
    origin_ids = {row[11] for row in rows if row[11]}
    origins = ({tid: {"id": tid, "name": name} for tid, name in
                db.session.execute(select(Table.id, Table.name).where(Table.id.in_(origin_ids)))}
               if origin_ids else {})
    shown = []
    for (pid, session_id, title, description, dimension, goal, target, indicator, agency, horizon, quick_win,
         origin_id, created_at, author, client_id, person, group, organization) in rows:
        # As proposal_dict, key for key (a proposal whose proposer is gone shows no group).
        found = {"id": pid, "session_id": session_id, "title": title, "description": description,
                 "dimension": dimension, "group": group if person is not None else None,
                 "organization": organization if person is not None else "", "merged_count": merged.get(pid, 0),
                 "goal": goal, "target": target, "indicator": indicator, "responsible_agency": agency,
                 "horizon": horizon, "quick_win": quick_win}
        if origin_id and origin_id in origins:
            found["origin_table"] = origins[origin_id]
        found["created_at"] = created_at.isoformat() + "Z"
        shown.append((author, client_id, dump_compact(found)))
    return shown


class ListCache:
    """The last shared lists built, per session, against the workshop's content revision.

    A phone that connects (1,000 of them after the venue's Wi-Fi drops) needs the list of its
    session; building it reads and encodes every proposal (about 15 ms with 800 long ones). Any
    change to what it holds bumps `Workshop.content_revision` in its transaction; ballots do not,
    so a vote in progress does not empty the cache. Revealed results come from ballots: a
    revealed session's list is keyed on `revision` too. The revision is read (with the workshop)
    before the proposals: an entry is never older than its key, in any process.
    """

    SIZE = 32  # sessions; a workshop of parallel tables has one current session per table

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: OrderedDict[int, tuple[tuple, tuple]] = OrderedDict()

    def get(self, session_id: int, key: tuple):
        with self._lock:
            entry = self._entries.get(session_id)
            if entry is None or entry[0] != key:
                return None
            self._entries.move_to_end(session_id)
            return entry[1]

    def put(self, session_id: int, key: tuple, value: tuple) -> None:
        with self._lock:
            self._entries[session_id] = (key, value)
            self._entries.move_to_end(session_id)
            while len(self._entries) > self.SIZE:
                self._entries.popitem(last=False)


def _list_cache() -> ListCache:
    """The current app's cache."""
    return per_app("rembuk_list_cache", lambda app: ListCache())


def _cached_list(workshop: Workshop, session: WorkshopSession
                 ) -> tuple[list[tuple[int | None, str | None, str]], str, JSONText]:
    """`(shown proposals, version, encoded session:proposals)` of `session`, built once per change."""
    key = (workshop.content_revision, workshop.revision if session.revealed else None,
           session.phase, session.method, session.revealed)
    # Read inside a change not committed yet, the list may still be rolled back: not cached.
    cache = None if changes.noted() else _list_cache()
    found = cache.get(session.id, key) if cache else None
    if found is None:
        shown = _shown_proposals(session)
        found = (shown, *shared_list(session, shown))
        if cache:
            cache.put(session.id, key, found)
    return found


def shared_pushes(workshop: Workshop, participants: Iterable[Participant]
                  ) -> tuple[list[tuple[int | None, int, str, JSONText, list[int]]], list[tuple[list[int], JSONText]]]:
    """The pushes of phones that opted in to the shared list: `(lists, states)`.

    `lists`: one `(table_id followed or None, session_id, version, encoded session:proposals,
    participant ids)` per session followed; `states`: the small `session:state`s, encoded, with
    the participants each goes to (phones whose own part is the same share one). The cost is
    O(participants + proposals): each list is built and encoded once; a phone's own part is its
    ballot, its table and its own proposals.
    """
    participants = list(participants)
    push_counts.update(shared_pushes=1)
    if not participants:
        return [], []
    audiences = _Audiences(workshop, participants)
    common, my_table = audiences.common, audiences.my_table
    lists: list[tuple[int | None, int, str, JSONText, list[int]]] = []
    states: list[tuple[list[int], JSONText]] = []
    none = {"proposals_version": None}
    if audiences.unseated:
        states += _empty_pushes({**EMPTY_STATE, **common, "table_id": None, "needs_table": True, **none},
                                audiences.unseated, my_table)
    for table_id, session, people in audiences.followed:
        extra = {**common, "table_id": table_id, "needs_table": False}
        if session is None:
            states += _empty_pushes({**EMPTY_STATE, **extra, **none}, people, my_table)
            continue
        shown, version, listed = _cached_list(workshop, session)
        lists.append((table_id, session.id, version, listed, [p.id for p in people]))
        states += _shared_states(session, people, {**extra, "proposals_version": version}, shown, my_table)
    push_counts.update(shared_payloads=len(states))
    return lists, states


def _shared_states(session: WorkshopSession, people: list[Participant], extra: dict,
                   shown: list[tuple[int | None, str | None, str]], my_table) -> list[tuple[list[int], JSONText]]:
    """The small states of people following one session, grouped by their own part."""
    rules = session_rules(session)
    head = dump_compact(_phone_common(session, extra, results=False))[1:-1]
    phones = {p.id for p in people}
    own: dict[int, list[str]] = {}  # author -> their proposals as they see them, in id order
    for author, client_id, as_shown in shown:
        if author in phones:
            # The phone matches its queued submits to stored proposals by client_id. The encoded
            # object with two more keys at its end: {**shown, "mine": True, "client_id": ...}.
            own.setdefault(author, []).append(as_shown[:-1] + ',"mine":true,"client_id":' + dump_compact(client_id) + "}")
    push_counts.update(proposals_encoded=sum(len(v) for v in own.values()))
    entries = stored_entries(session.id, list(phones) if len(phones) <= 500 else None)
    ballots: dict[frozenset, str] = {}  # a ballot's entries -> its encoded part (most are alike: empty)
    groups: dict[tuple[str, int | None], list[int]] = {}
    for participant in people:
        mine = entries.get(participant.id, {})
        key = frozenset(mine.items())
        if key not in ballots:
            ballots[key] = dump_compact(ballot_outcome(mine, rules))[1:-1]
        part = ballots[key] + "," + my_table(participant)
        groups.setdefault((part, participant.id if participant.id in own else None), []).append(participant.id)
    return [(members, JSONText("{" + head + ',"proposals":[' + (",".join(own[author]) if author else "") + "],"
                               + part + "}"))
            for (part, author), members in groups.items()]


def shared_list_of(participant: Participant) -> JSONText | None:
    """The `session:proposals` list of the session `participant` follows now (None: no session)."""
    workshop = db.session.get(Workshop, participant.workshop_id)
    lists, _states = shared_pushes(workshop, [participant])
    return lists[0][3] if lists else None


def phone_state(participant: Participant) -> dict:
    """The `session:state` snapshot for one participant."""
    workshop = db.session.get(Workshop, participant.workshop_id)
    return phone_states(workshop, [participant])[participant.id]


def workshop_participants(workshop_id: int, table_ids: Iterable[int] | None = None,
                          participant_ids: Iterable[int] | None = None) -> list[Participant]:
    """The phone participants of a workshop (all, or those seated at `table_ids`, or those named)."""
    query = select(Participant).where(Participant.workshop_id == workshop_id, Participant.kind == "phone")
    if table_ids is not None:
        query = query.where(Participant.table_id.in_(list(table_ids)))
    if participant_ids is not None:
        query = query.where(Participant.id.in_(list(participant_ids)))
    return list(db.session.scalars(query))
