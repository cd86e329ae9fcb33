"""Database tables. Rules live in voting/ and services/; this module only describes storage."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint, false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

PHASES = ("draft", "collect", "review", "vote", "closed")
# How phones follow a workshop: all the plenary's current session, or each its table's.
MODES = ("plenary", "tables")
# Phases in which a session is the one phones follow.
LIVE_PHASES = ("collect", "review", "vote")
DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")
METHODS = ("dots", "points", "score", "rank", "poll", "words")
PROPOSAL_STATUSES = ("active", "hidden", "merged")
HORIZONS = (1, 5, 10)


def utcnow() -> dt.datetime:
    """Naive UTC timestamp (SQLite keeps no time zone)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Facilitator(UserMixin, db.Model):
    """A person who runs workshops from the console."""

    __tablename__ = "facilitators"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    # The secret of the log-in this object was loaded through (see FacilitatorLogin): Flask-Login
    # keeps it as the session's user id and in the remember cookie, never the bare account id.
    login_secret = None

    def get_id(self) -> str | None:
        """What Flask-Login stores in the session and the remember cookie: this log-in's secret."""
        return self.login_secret


class FacilitatorLogin(db.Model):
    """One log-in of a facilitator (one browser): the session and remember cookie name it by a
    random secret, stored here only as its hash. Logging out deletes the row, which ends both
    cookies on the server; every log-in makes a new one, so remember cookies rotate."""

    __tablename__ = "facilitator_logins"
    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    facilitator: Mapped[Facilitator] = relationship()


class ApiToken(db.Model):
    """A facilitator's API token; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    facilitator: Mapped[Facilitator] = relationship()


class Workshop(db.Model):
    """One bimtek event: its join code, groups and sessions."""

    __tablename__ = "workshops"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200), default="")
    date: Mapped[Optional[dt.date]]
    join_code: Mapped[str] = mapped_column(String(6), unique=True)
    current_session_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("sessions.id", use_alter=True, name="fk_workshop_current_session")
    )
    # Bumped in the transaction of every change a board shows; board:update carries it as `seq`,
    # so every process numbers updates the same way.
    revision: Mapped[int] = mapped_column(default=0)
    # Bumped with `revision` by every change except ballots: what phones list (proposals, phases,
    # people) can only have changed when it moved, so the shared proposal list is cached against it.
    content_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Results lock: while set, the workshop is closed, nothing in it may change and its exports
    # are final (like e-Musrenbang once the minutes are printed). Cleared by an explicit reopen.
    closed_at: Mapped[Optional[dt.datetime]]
    # Strict mode: each person joins with a one-time ticket code from the attendance list.
    strict: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # The address the QR code encodes, chosen in the console when the laptop has several.
    public_base_url: Mapped[Optional[str]] = mapped_column(String(200))
    # "plenary": every phone follows current_session_id; "tables": each phone its table's current session.
    mode: Mapped[str] = mapped_column(String(10), default="plenary", server_default="plenary")
    # Where the board shows the questions for the speakers: off, beside or instead of the session.
    questions_board: Mapped[str] = mapped_column(String(10), default="off", server_default="off")

    owner: Mapped[Facilitator] = relationship()
    groups: Mapped[list[StakeholderGroup]] = relationship(
        order_by="StakeholderGroup.position", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[WorkshopSession]] = relationship(
        order_by="WorkshopSession.position",
        foreign_keys="WorkshopSession.workshop_id",
        back_populates="workshop",
        cascade="all, delete-orphan",
    )
    tables: Mapped[list[Table]] = relationship(
        order_by="Table.position", foreign_keys="Table.workshop_id", cascade="all, delete-orphan")


class Table(db.Model):
    """A discussion table (kelompok diskusi / meja) of a workshop: its own sessions, current session
    and board. Often one per Smart City dimension."""

    __tablename__ = "workshop_tables"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # One of DIMENSIONS, or None for a table of mixed topics.
    dimension: Mapped[Optional[str]] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    # The table's session its phones follow in `tables` mode (set when one of its sessions goes live).
    current_session_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("sessions.id", use_alter=True, name="fk_table_current_session", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WorkshopFacilitator(db.Model):
    """A co-facilitator of a workshop: for the whole workshop (table_id None) or for one table.
    The workshop's owner is its lead facilitator and has no row here."""

    __tablename__ = "workshop_facilitators"
    __table_args__ = (UniqueConstraint("workshop_id", "facilitator_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[Optional[int]] = mapped_column(ForeignKey("workshop_tables.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    facilitator: Mapped[Facilitator] = relationship()


class JoinTicket(db.Model):
    """A one-time join code for strict mode; only its hash is stored."""

    __tablename__ = "join_tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A name from the attendance list, when the organizer printed tickets per person.
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    used_at: Mapped[Optional[dt.datetime]]
    participant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))


class Invitation(db.Model):
    """One invited person from the organizer's invitation list (daftar undangan), in the list's order.

    Their badge's QR carries a strict-mode ticket (`ticket_id`, derived from `ticket_issue`, see
    services/invitations.badge_ticket); scanning it joins as this person and checks them in.
    """

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("workshop_id", "match_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    # Order in the imported list; the attendance list (daftar hadir) keeps it.
    position: Mapped[int] = mapped_column(default=0)
    # Casefolded, space-collapsed name + organization: a re-import updates the row with the same key.
    match_key: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(120))
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_groups.id"))
    organization: Mapped[str] = mapped_column(String(160), default="")
    # Jabatan (position or rank), optional.
    job_title: Mapped[str] = mapped_column(String(160), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    table_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("workshop_tables.id", name="fk_invitations_table_id", ondelete="SET NULL"))
    # Bumped by a reissue: the badge's ticket is derived from it, so the old QR stops working.
    ticket_issue: Mapped[int] = mapped_column(default=1, server_default="1")
    ticket_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("join_tickets.id", name="fk_invitations_ticket_id", ondelete="SET NULL"))
    # The phone that joined with the badge (None until then, or after a facilitator's tick alone).
    participant_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("participants.id", name="fk_invitations_participant_id", ondelete="SET NULL"))
    # Present since (badge scan or a facilitator's tick); None: not (yet) present.
    checked_in_at: Mapped[Optional[dt.datetime]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[StakeholderGroup] = relationship()


class StakeholderGroup(db.Model):
    """A stakeholder group (unsur) of one workshop, e.g. OPD or UMKM."""

    __tablename__ = "stakeholder_groups"
    __table_args__ = (UniqueConstraint("workshop_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)


class WorkshopSession(db.Model):
    """One session (sesi) of a workshop, moving through PHASES."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    # The table the session belongs to; None for a plenary session.
    table_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("workshop_tables.id", name="fk_sessions_table_id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(10), default="draft")
    method: Mapped[str] = mapped_column(String(10), default="dots")
    dots_per_participant: Mapped[int] = mapped_column(default=5)
    max_dots_per_proposal: Mapped[int] = mapped_column(default=3)
    points_budget: Mapped[int] = mapped_column(default=100, server_default="100")
    rank_size: Mapped[int] = mapped_column(default=5, server_default="5")
    # poll: answers per person; words: words per person. (A poll's options are its proposals.)
    max_choices: Mapped[int] = mapped_column(default=1, server_default="1")
    max_words: Mapped[int] = mapped_column(default=3, server_default="3")
    # How many proposals one participant may send in this session (a flood costs every phone).
    max_proposals_per_participant: Mapped[int] = mapped_column(default=10, server_default="10")
    # Results stay off phones (and, with board_hides_results, off the board) until revealed.
    revealed: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    board_hides_results: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # Countdown: running when timer_ends_at is set; paused when timer_remaining is set.
    timer_duration: Mapped[Optional[int]]
    timer_ends_at: Mapped[Optional[dt.datetime]]
    timer_remaining: Mapped[Optional[int]]
    timer_auto_close: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # The Quick Win matrix's axes chosen by the facilitator, `{"x": [keys], "y": [keys]}` as JSON; null: defaults.
    matrix_axes: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    phase_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship(foreign_keys=[workshop_id], back_populates="sessions")
    criteria: Mapped[list[Criterion]] = relationship(order_by="Criterion.position", cascade="all, delete-orphan")


class Criterion(db.Model):
    """A scoring criterion of a `score` session, e.g. dampak (impact), with its weight."""

    __tablename__ = "criteria"
    __table_args__ = (UniqueConstraint("session_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(default=0)


class Participant(db.Model):
    """A person who joined a workshop from a phone; the token is stored only as a hash."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_groups.id"))
    name: Mapped[str] = mapped_column(String(120))
    organization: Mapped[str] = mapped_column(String(160), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "phone", or "paper" for a ballot the facilitator typed in from a paper form.
    kind: Mapped[str] = mapped_column(String(10), default="phone", server_default="phone")
    # Where the person sits (None: not seated yet).
    table_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("workshop_tables.id", name="fk_participants_table_id", ondelete="SET NULL"), index=True)
    joined_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[StakeholderGroup] = relationship()


class Proposal(db.Model):
    """A program proposal (usulan) submitted in a session's collect phase."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("session_id", "participant_id", "client_id"),
                      UniqueConstraint("session_id", "option_key"))
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participants.id"))
    # A poll option's key (set by the facilitator) or a word cloud word's key (voting/words.py);
    # None for a proposal a participant submitted. Such proposals have the dimension ''.
    option_key: Mapped[Optional[str]] = mapped_column(String(120))
    # Chosen by the phone, so that a replayed submit returns the first proposal.
    client_id: Mapped[Optional[str]] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    dimension: Mapped[str] = mapped_column(String(20))
    # active, hidden (kept, out of voting, with a reason) or merged (into merged_into_id).
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active")
    hidden_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    merged_into_id: Mapped[Optional[int]] = mapped_column(ForeignKey("proposals.id"))
    # Set when carried over from an earlier session's top list.
    origin_proposal_id: Mapped[Optional[int]] = mapped_column(ForeignKey("proposals.id"))
    # Set on a carried copy: the table the proposal was first collected at, kept through carry-over chains.
    origin_table_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("workshop_tables.id", name="fk_proposals_origin_table_id", ondelete="SET NULL"))
    # Masterplan fields: tujuan, sasaran, indikator keberhasilan, OPD penanggung jawab.
    goal: Mapped[str] = mapped_column(Text, default="", server_default="")
    target: Mapped[str] = mapped_column(Text, default="", server_default="")
    indicator: Mapped[str] = mapped_column(Text, default="", server_default="")
    responsible_agency: Mapped[str] = mapped_column(String(160), default="", server_default="")
    horizon: Mapped[Optional[int]]
    quick_win: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    participant: Mapped[Optional[Participant]] = relationship()


class BallotEntry(db.Model):
    """One line of a participant's ballot: dots, points, a 1-5 score on one criterion, or a rank
    position, on one proposal. A ballot is the set of a participant's entries in a session;
    casting replaces it whole. Scores may be fractional after a merge averages two.
    """

    __tablename__ = "ballot_entries"
    __table_args__ = (Index("ix_ballot_entries_session_proposal", "session_id", "proposal_id"),)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    # The criterion key for `score` ballots; '' for the other methods.
    criterion: Mapped[str] = mapped_column(String(40), primary_key=True, default="", server_default="")
    value: Mapped[float] = mapped_column(Float)


class ModerationEntry(db.Model):
    """One facilitator action in the moderation log: who, when, what."""

    __tablename__ = "moderation_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    proposal_id: Mapped[Optional[int]] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    facilitator_id: Mapped[Optional[int]] = mapped_column(ForeignKey("facilitators.id"))
    action: Mapped[str] = mapped_column(String(40))
    # What changed, as JSON text (old and new values, merged ids, ...).
    detail: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    facilitator: Mapped[Optional[Facilitator]] = relationship()


QUESTION_STATUSES = ("open", "hidden", "answered", "on_board")
QUESTION_BOARD_MODES = ("off", "beside", "instead")


class Question(db.Model):
    """A question for the speakers (tanya jawab), asked from a phone in any phase."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("workshop_id", "participant_id", "client_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    # Chosen by the phone, so that a replayed ask returns the first question.
    client_id: Mapped[Optional[str]] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(280))
    anonymous: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    participant: Mapped[Optional[Participant]] = relationship()


class QuestionVote(db.Model):
    """One participant's upvote of a question (at most one each)."""

    __tablename__ = "question_votes"
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"),
                                                primary_key=True)
