"""Moderation during review: edit, hide, merge duplicates, carry winners into a new session."""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update

from .. import validation as v
from ..changes import changed
from ..errors import RembukError
from ..extensions import db
from ..models import DIMENSIONS, BallotEntry, Facilitator, Participant, Proposal, Question, QuestionVote, WorkshopSession
from ..voting import merge_entries
from .log import record
from .participation import DESCRIPTION_MAX, TITLE_MAX, masterplan_fields
from .workshops import LEAD, ensure_open, owned_session, owned_workshop, session_rules

# Merging moves ballots, so it is done before or between votes, never while they are cast.
MERGE_PHASES = ("draft", "collect", "review")
EDITABLE_FIELDS = ("title", "description", "dimension", "goal", "target", "indicator", "responsible_agency",
                   "horizon", "quick_win", "status", "hidden_reason")


def owned_proposal(facilitator: Facilitator, proposal_id: int) -> Proposal:
    """The proposal if its workshop belongs to the facilitator."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        raise RembukError("not_found", status=404)
    owned_session(facilitator, proposal.session_id)
    return proposal


def _snapshot(proposal: Proposal) -> dict:
    return {name: getattr(proposal, name) for name in EDITABLE_FIELDS}


def edit_proposal(facilitator: Facilitator, proposal_id: int, data) -> Proposal:
    """Edit title, description, dimension and masterplan fields; hide or unhide with a reason."""
    proposal = owned_proposal(facilitator, proposal_id)
    session = proposal_session(proposal)
    ensure_open(session.workshop_id)
    data = v.require_object(data)
    before = _snapshot(proposal)
    if "title" in data:
        proposal.title = v.text(data, "title", max_len=TITLE_MAX, min_len=3)
    if "description" in data:
        proposal.description = v.text(data, "description", max_len=DESCRIPTION_MAX, required=False)
    if "dimension" in data:
        if data["dimension"] not in DIMENSIONS:
            raise RembukError("unknown_dimension", field="dimension")
        proposal.dimension = data["dimension"]
    for name, value in masterplan_fields(data).items():
        setattr(proposal, name, value)
    if "hidden" in data:
        hidden = v.boolean(data, "hidden")
        if proposal.status == "merged":
            raise RembukError("proposal_merged")
        proposal.status = "hidden" if hidden else "active"
        proposal.hidden_reason = v.text(data, "hidden_reason", max_len=500, required=False) if hidden else ""
    after = _snapshot(proposal)
    edits = {k: {"before": before[k], "after": after[k]} for k in EDITABLE_FIELDS if before[k] != after[k]}
    if edits:
        action = "edit"
        if before["status"] != after["status"]:
            action = "hide" if after["status"] == "hidden" else "unhide"
        record(session.workshop_id, facilitator, action, session_id=session.id,
               proposal_id=proposal.id, changes=edits)
    changed(session.workshop_id, session.id, phones=True)
    db.session.commit()
    return proposal


def proposal_session(proposal: Proposal) -> WorkshopSession:
    """The proposal's session."""
    return db.session.get(WorkshopSession, proposal.session_id)


def merge_proposal(facilitator: Facilitator, proposal_id: int, data) -> Proposal:
    """Merge a proposal into another of the same session; returns the survivor.

    The source is kept (status merged, pointing at the survivor); its authors count as the
    survivor's, and every participant's dots, points, scores or ranking places move across
    by the method's merge rule, without counting anyone twice.
    """
    source = owned_proposal(facilitator, proposal_id)
    ensure_open(proposal_session(source).workshop_id)
    data = v.require_object(data)
    target = owned_proposal(facilitator, v.identifier(data, "into"))
    if target.session_id != source.session_id:
        raise RembukError("merge_across_sessions")
    if target.id == source.id or source.status == "merged" or target.status != "active":
        raise RembukError("invalid_merge")
    session = proposal_session(source)
    if session.phase not in MERGE_PHASES:
        raise RembukError("wrong_phase", phase=session.phase)
    rules = session_rules(session)
    voters = db.session.scalars(select(BallotEntry.participant_id).where(
        BallotEntry.session_id == session.id, BallotEntry.proposal_id == source.id).distinct()).all()
    for participant_id in voters:
        rows = db.session.execute(select(BallotEntry.proposal_id, BallotEntry.criterion, BallotEntry.value).where(
            BallotEntry.session_id == session.id, BallotEntry.participant_id == participant_id)).all()
        merged = merge_entries({(pid, crit): value for pid, crit, value in rows}, source.id, target.id, rules)
        db.session.execute(delete(BallotEntry).where(BallotEntry.session_id == session.id,
                                                     BallotEntry.participant_id == participant_id))
        if merged:
            db.session.execute(insert(BallotEntry), [
                {"session_id": session.id, "participant_id": participant_id, "proposal_id": pid,
                 "criterion": crit, "value": value} for (pid, crit), value in merged.items()])
    # Earlier merges into the source now point at the survivor.
    db.session.execute(update(Proposal).where(Proposal.merged_into_id == source.id)
                       .values(merged_into_id=target.id))
    source.status, source.merged_into_id = "merged", target.id
    record(session.workshop_id, facilitator, "merge", session_id=session.id, proposal_id=source.id,
           source={"id": source.id, "title": source.title}, into={"id": target.id, "title": target.title},
           ballots_moved=len(voters))
    changed(session.workshop_id, session.id, phones=True)
    db.session.commit()
    return target


def carry_over(facilitator: Facilitator, session_id: int, data, results_of) -> list[Proposal]:
    """Copy the top N of each earlier session into this one as its proposals (e.g. the top 2 of
    every table's session into the plenary's Quick Win final).

    `results_of(session)` gives a session's ranked results. Proposals already carried are
    not copied twice; a copy remembers the table its original was collected at.
    """
    target = owned_session(facilitator, session_id)
    ensure_open(target.workshop_id)
    data = v.require_object(data)
    if target.phase not in ("draft", "collect"):
        raise RembukError("wrong_phase", phase=target.phase)
    top_n = v.integer(data, "top_n", default=3, lo=1, hi=100)
    sources = data.get("from_session_ids")
    if not isinstance(sources, list) or not sources or len(sources) > 50:
        raise RembukError("invalid_input", field="from_session_ids", reason="not_list")
    already = set(db.session.scalars(select(Proposal.origin_proposal_id).where(Proposal.session_id == target.id)))
    copied = []
    for raw_id in sources:
        if isinstance(raw_id, bool) or not isinstance(raw_id, int):
            raise RembukError("invalid_input", field="from_session_ids", reason="not_list")
        if not 1 <= raw_id <= v.MAX_ID:  # names no session; the database driver cannot even look it up
            raise RembukError("not_found", status=404)
        source = owned_session(facilitator, raw_id)
        if source.workshop_id != target.workshop_id or source.id == target.id:
            raise RembukError("carry_same_workshop", field="from_session_ids")
        for row in results_of(source)["results"][:top_n]:
            original = db.session.get(Proposal, row["proposal_id"])
            if original.id in already:
                continue
            copy = Proposal(session_id=target.id, participant_id=original.participant_id,
                            origin_proposal_id=original.id,
                            # The table it was first collected at, through any chain of carry-overs.
                            origin_table_id=original.origin_table_id or source.table_id, title=original.title,
                            description=original.description, dimension=original.dimension,
                            **{name: getattr(original, name) for name in
                               ("goal", "target", "indicator", "responsible_agency", "horizon", "quick_win")})
            db.session.add(copy)
            copied.append(copy)
            already.add(original.id)
    record(target.workshop_id, facilitator, "carry_over", session_id=target.id, top_n=top_n,
           from_session_ids=sources, copied=len(copied))
    changed(target.workshop_id, target.id, phones=True)
    db.session.commit()
    return copied


def workshop_participants(facilitator: Facilitator, workshop_id: int) -> list[dict]:
    """The workshop's participants for the console (attendance, with each one's table), oldest first."""
    workshop = owned_workshop(facilitator, workshop_id)
    rows = db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)
                              .order_by(Participant.id))
    return [{"id": p.id, "name": p.name, "group": p.group.key, "organization": p.organization, "kind": p.kind,
             "table_id": p.table_id, "joined_at": p.joined_at.isoformat() + "Z"} for p in rows]


def remove_participant(facilitator: Facilitator, participant_id: int) -> Participant:
    """Remove a participant and every ballot they cast (logged; lead only); their proposals stay, unsigned.

    Their token stops working at once, so a removed phone cannot act again.
    """
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        raise RembukError("not_found", status=404)
    owned_workshop(facilitator, participant.workshop_id, LEAD)
    ensure_open(participant.workshop_id)
    removed = db.session.scalar(select(func.count()).select_from(BallotEntry)
                                .where(BallotEntry.participant_id == participant.id))
    record(participant.workshop_id, facilitator, "remove_participant", participant_id=participant.id,
           name=participant.name, group=participant.group.key, ballot_entries_removed=removed)
    db.session.execute(delete(BallotEntry).where(BallotEntry.participant_id == participant.id))
    db.session.execute(update(Proposal).where(Proposal.participant_id == participant.id).values(participant_id=None))
    # Their upvotes go with their ballots; their questions stay, unsigned (as proposals do).
    db.session.execute(delete(QuestionVote).where(QuestionVote.participant_id == participant.id))
    db.session.execute(update(Question).where(Question.participant_id == participant.id).values(participant_id=None))
    db.session.delete(participant)
    changed(participant.workshop_id, questions=True)
    db.session.commit()
    return participant
