"""Database tables. Rules live in voting/ and services/; this module only describes storage."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

PHASES = ("draft", "collect", "review", "vote", "closed")
# Phases in which a session is the one phones follow.
LIVE_PHASES = ("collect", "review", "vote")
DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")


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
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

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
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(10), default="draft")
    method: Mapped[str] = mapped_column(String(10), default="dots")
    dots_per_participant: Mapped[int] = mapped_column(default=5)
    max_dots_per_proposal: Mapped[int] = mapped_column(default=3)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    phase_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship(foreign_keys=[workshop_id], back_populates="sessions")


class Participant(db.Model):
    """A person who joined a workshop from a phone; the token is stored only as a hash."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_groups.id"))
    name: Mapped[str] = mapped_column(String(120))
    organization: Mapped[str] = mapped_column(String(160), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[StakeholderGroup] = relationship()


class Proposal(db.Model):
    """A program proposal (usulan) submitted in a session's collect phase."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("session_id", "participant_id", "client_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participants.id"))
    # Chosen by the phone, so that a replayed submit returns the first proposal.
    client_id: Mapped[Optional[str]] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    dimension: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    participant: Mapped[Optional[Participant]] = relationship()


class BallotEntry(db.Model):
    """One line of a participant's ballot: `value` dots on one proposal.

    A ballot is the set of a participant's entries in a session; casting replaces it whole.
    """

    __tablename__ = "ballot_entries"
    __table_args__ = (Index("ix_ballot_entries_session_proposal", "session_id", "proposal_id"),)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[int]
