"""Questions for the speakers (tanya jawab): phones ask and upvote in any phase, the facilitator
moderates, the board shows the top ones.

Questions belong to the workshop, not to a session: the opening plenary has speakers before any
session runs. Every write calls `changed(..., questions=True)`: after the commit the live layer
pushes the open questions to the workshop's phones (one coalesced payload for all of them) and
marks the board.

Reading and moderating them needs RUN (services/access.py): the lead and whole-workshop
co-facilitators. A table co-facilitator gets 403: the questions are the plenary's, not a table's,
and they carry the askers' names.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from .. import validation as v
from ..changes import changed
from ..errors import RembukError
from ..extensions import db
from ..models import (QUESTION_BOARD_MODES, QUESTION_STATUSES, Facilitator, Participant, Question, QuestionVote,
                      StakeholderGroup, Workshop)
from .log import record
from .access import RUN
from .workshops import ensure_open, owned_workshop

QUESTION_MAX = 280
# What phones see: asked questions still to be answered. The facilitator sees every status.
PHONE_STATUSES = ("open", "on_board")
PHONE_LIMIT = 100  # the phone lists the most upvoted; a hall rarely asks more
BOARD_LIMIT = 5


def _votes(question_ids: list[int] | None = None, workshop_id: int | None = None) -> dict[int, int]:
    query = select(QuestionVote.question_id, func.count()).group_by(QuestionVote.question_id)
    if workshop_id is not None:
        query = query.join(Question, Question.id == QuestionVote.question_id).where(Question.workshop_id == workshop_id)
    if question_ids is not None:
        query = query.where(QuestionVote.question_id.in_(question_ids))
    return dict(db.session.execute(query).all())


def _listed(workshop_id: int, statuses=QUESTION_STATUSES, limit: int | None = None) -> list[dict]:
    """The workshop's questions with these statuses, most upvoted first (then oldest first)."""
    votes = func.count(QuestionVote.participant_id).label("votes")
    query = (select(Question, votes, Participant.name, StakeholderGroup.key)
             .outerjoin(QuestionVote, QuestionVote.question_id == Question.id)
             .outerjoin(Participant, Participant.id == Question.participant_id)
             .outerjoin(StakeholderGroup, StakeholderGroup.id == Participant.group_id)
             .where(Question.workshop_id == workshop_id, Question.status.in_(statuses))
             .group_by(Question.id, Participant.name, StakeholderGroup.key)
             .order_by(votes.desc(), Question.id))
    if limit:
        query = query.limit(limit)
    return [_dict(q, n, name, group) for q, n, name, group in db.session.execute(query)]


def _dict(question: Question, votes: int, name: str | None, group: str | None) -> dict:
    """A question as everyone sees it: the asker's name unless anonymous (then null: "Anonim")."""
    return {"id": question.id, "workshop_id": question.workshop_id, "text": question.text,
            "anonymous": question.anonymous, "author": None if question.anonymous else name,
            "group": group, "votes": votes, "status": question.status,
            "created_at": question.created_at.isoformat() + "Z"}


def question_view(question: Question) -> dict:
    """One question with its vote count."""
    participant = question.participant
    return _dict(question, _votes([question.id]).get(question.id, 0),
                 participant.name if participant else None, participant.group.key if participant else None)


def _by_client_id(workshop_id: int, participant_id: int, client_id: str) -> Question | None:
    return db.session.scalar(select(Question).where(Question.workshop_id == workshop_id,
                                                    Question.participant_id == participant_id,
                                                    Question.client_id == client_id))


def ask(participant: Participant, data) -> tuple[dict, bool]:
    """Store a phone's question (any phase); a replay with the same client_id returns the first one.

    Returns (question, created).
    """
    data = v.require_object(data)
    if v.identifier(data, "workshop_id") != participant.workshop_id:
        raise RembukError("not_found", status=404)  # another workshop's is not theirs to know
    client_id = v.text(data, "client_id", max_len=64, required=False) or None
    if client_id:
        existing = _by_client_id(participant.workshop_id, participant.id, client_id)
        if existing is not None:
            return question_view(existing), False
    text = v.text(data, "text", max_len=QUESTION_MAX, min_len=1)
    anonymous = v.boolean(data, "anonymous")
    ensure_open(participant.workshop_id)
    question = Question(workshop_id=participant.workshop_id, participant_id=participant.id, client_id=client_id,
                        text=text, anonymous=anonymous)
    db.session.add(question)
    changed(participant.workshop_id, questions=True)
    try:
        db.session.commit()
    except IntegrityError:  # two copies of the same ask raced; the other one won
        db.session.rollback()
        existing = _by_client_id(participant.workshop_id, participant.id, client_id) if client_id else None
        if existing is None:
            raise
        return question_view(existing), False
    return question_view(question), True


def _question(question_id: int, workshop_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.workshop_id != workshop_id:
        raise RembukError("not_found", status=404)
    return question


def vote(participant: Participant, data) -> int:
    """Upvote a question (`up`, default true) or withdraw the upvote; returns its votes.

    Idempotent: upvoting twice counts once, withdrawing what was never given changes nothing.
    """
    data = v.require_object(data)
    question_id = v.identifier(data, "question_id")
    up = v.boolean(data, "up", default=True)
    question = _question(question_id, participant.workshop_id)
    if question.status not in PHONE_STATUSES:
        raise RembukError("question_closed", status=409)
    key = {"question_id": question.id, "participant_id": participant.id}
    has = db.session.get(QuestionVote, (question.id, participant.id)) is not None
    if has != up:
        ensure_open(participant.workshop_id)
        if up:
            db.session.add(QuestionVote(**key))
        else:
            db.session.execute(delete(QuestionVote).where(QuestionVote.question_id == question.id,
                                                          QuestionVote.participant_id == participant.id))
        changed(participant.workshop_id, questions=True)
        try:
            db.session.commit()
        except IntegrityError:  # the same upvote raced in twice: it counts once
            db.session.rollback()
    return _votes([question.id]).get(question.id, 0)


def phone_list(participant: Participant, data) -> dict:
    """What a phone's Tanya tab shows: the open questions, and which are the phone's own or upvoted."""
    data = v.require_object(data)
    if v.identifier(data, "workshop_id") != participant.workshop_id:
        raise RembukError("not_found", status=404)
    payload = phone_payload(participant.workshop_id)
    voted = db.session.scalars(select(QuestionVote.question_id).join(Question, Question.id == QuestionVote.question_id)
                               .where(QuestionVote.participant_id == participant.id,
                                      Question.workshop_id == participant.workshop_id))
    mine = db.session.scalars(select(Question.id).where(Question.participant_id == participant.id,
                                                        Question.workshop_id == participant.workshop_id))
    return {**payload, "voted": sorted(voted), "mine": sorted(mine)}


def phone_payload(workshop_id: int) -> dict:
    """The `questions:update` every phone of the workshop gets (the same for all: one encode)."""
    return {"workshop_id": workshop_id, "questions": _listed(workshop_id, PHONE_STATUSES, PHONE_LIMIT)}


def workshop_questions(facilitator: Facilitator, workshop_id: int) -> dict:
    """Every question of the workshop for the console, most upvoted first, and the board's mode."""
    workshop = owned_workshop(facilitator, workshop_id, RUN)
    return {"workshop_id": workshop.id, "board": workshop.questions_board, "questions": _listed(workshop.id)}


def set_board(facilitator: Facilitator, workshop_id: int, data) -> dict:
    """Choose where the board shows the questions: `off`, `beside` or `instead` of the session."""
    workshop = owned_workshop(facilitator, workshop_id, RUN)
    data = v.require_object(data)
    mode = data.get("board")
    if mode not in QUESTION_BOARD_MODES:
        raise RembukError("invalid_input", field="board", reason="not_one_of", choices=", ".join(QUESTION_BOARD_MODES))
    ensure_open(workshop.id)
    if workshop.questions_board != mode:
        record(workshop.id, facilitator, "questions_board", before=workshop.questions_board, after=mode)
        workshop.questions_board = mode
        changed(workshop.id)
    db.session.commit()
    return workshop_questions(facilitator, workshop.id)


def set_status(facilitator: Facilitator, question_id: int, data) -> dict:
    """Open, hide, mark answered or put a question on the board (logged)."""
    question = db.session.get(Question, question_id)
    if question is None:
        raise RembukError("not_found", status=404)
    owned_workshop(facilitator, question.workshop_id, RUN)
    data = v.require_object(data)
    status = data.get("status")
    if status not in QUESTION_STATUSES:
        raise RembukError("invalid_input", field="status", reason="not_one_of", choices=", ".join(QUESTION_STATUSES))
    ensure_open(question.workshop_id)
    if question.status != status:
        record(question.workshop_id, facilitator, "question_status", question_id=question.id,
               before=question.status, after=status)
        question.status = status
        changed(question.workshop_id, questions=True)
    db.session.commit()
    return question_view(question)


def board_questions(workshop: Workshop) -> list[dict] | None:
    """The top questions the board shows (on the board first, then the most upvoted open ones), or
    None when it shows none: the mode is `off` and no question was put on the board."""
    on_board = _listed(workshop.id, ("on_board",), BOARD_LIMIT)
    if workshop.questions_board == "off" and not on_board:
        return None
    rest = _listed(workshop.id, ("open",), BOARD_LIMIT - len(on_board)) if len(on_board) < BOARD_LIMIT else []
    return on_board + rest


def export_rows(workshop_id: int) -> list[dict]:
    """Every question for the workbook and the report, most upvoted first."""
    return _listed(workshop_id)
