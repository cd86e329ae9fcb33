"""Socket.IO event handlers (default namespace).

Who is connected is decided once, at connect, from `auth.token` (participant or facilitator
API token) or from the page's cookies, and kept per connection in `_identities`.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from flask import request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room, leave_room

from .. import lag, metrics
from ..errors import RembukError
from ..extensions import db, socketio
from ..messages import error_body
from ..models import Facilitator, Participant, Workshop, WorkshopSession
from ..services import accounts, duplicates, participation, tables
from ..services import questions as questions_service
from ..services import results as results_service
from ..services import workshops as workshop_service
from ..services.access import VIEW, owned_table
from ..validation import identifier, require_object
from . import broadcast, casting
from .questions import phones_room
from .sender import push_sender
from .timers import timer_watch
from ..participant_cookie import participant_from_cookie
from ..ratelimit import rate_limits

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Identity:
    """Who a connection belongs to."""

    kind: str  # "participant" or "facilitator"
    id: int
    workshop_id: int | None = None
    shared: bool = False  # a phone that opted in to the shared proposal list (protocol §7.2a)


_identities: dict[str, Identity] = {}
_counted: set[str] = set()  # phone connections counted in broadcast.phone_shapes()


def _identify(auth) -> Identity | None:
    token = auth.get("token") if isinstance(auth, dict) else None
    if token:
        participant = accounts.participant_for_token(token)
        if participant is not None:
            return Identity("participant", participant.id, participant.workshop_id)
        facilitator = accounts.facilitator_for_token(token)
        if facilitator is not None:
            return Identity("facilitator", facilitator.id)
        # A stale token in local storage must not hide a valid cookie; without one, refused.
    if current_user.is_authenticated:
        return Identity("facilitator", current_user.id)
    participant = participant_from_cookie()
    if participant is not None:
        return Identity("participant", participant.id, participant.workshop_id)
    return None


def _opts_in(auth) -> bool:
    """Whether a phone asks for the shared proposal list (`auth.shared_proposals: 1`, §7.2a)."""
    return isinstance(auth, dict) and type(auth.get("shared_proposals")) is int and auth["shared_proposals"] >= 1


def _refuse(code: str = "unauthorized"):
    """The refusal a client sees as connect_error: message is the code, data the error body."""
    return ConnectionRefusedError(code, error_body(RembukError(code)))


def _close_after_refusal() -> None:
    """Close the refused connection's Engine.IO transport once the refusal has gone out.

    Socket.IO keeps it open (a client may try another namespace; ours has one), and a refused
    client would hold a WebSocket or a polling session with its pings for nothing.
    """
    eio_sid = socketio.server.manager.eio_sid_from_sid(request.sid, request.namespace or "/")
    if eio_sid is not None:
        socketio.start_background_task(_close_transport, socketio.server, eio_sid)


def _close_transport(server, eio_sid: str) -> None:
    """Close an Engine.IO connection; packets already queued for it (the refusal) go out first."""
    socketio.sleep(0.2)  # the refusal is queued right after the handler returns: let it go first
    try:
        server.eio.disconnect(eio_sid)
    except Exception:  # already gone
        log.debug("closing refused transport %s failed", eio_sid, exc_info=True)


@socketio.on("connect")
def on_connect(auth=None):
    """Accept known participants and facilitators; a participant gets their snapshot at once."""
    timer_watch.ensure_started()
    # After the venue's Wi-Fi drops a thousand phones come back within seconds, each accepted in
    # a few ms with the loop held: they take turns with the rest of the hall (lag.take_turn).
    lag.take_turn()
    try:
        identity = _identify(auth)
        if identity is None:
            raise _refuse()
        if identity.kind == "participant" and _opts_in(auth):
            identity = Identity("participant", identity.id, identity.workshop_id, shared=True)
        _identities[request.sid] = identity
        if identity.kind == "participant":
            metrics.connections.phone(request.sid, identity.workshop_id)
            join_room(broadcast.participant_room(identity.id))
            join_room(phones_room(identity.workshop_id))  # questions:update
            participant = db.session.get(Participant, identity.id)
            if identity.shared:
                join_room(broadcast.shared_room(identity.id))
                workshop = db.session.get(Workshop, identity.workshop_id)
                lists, states = results_service.shared_pushes(workshop, [participant])
                # Paced and in order with the pushes (sender.py): after the venue's Wi-Fi drops,
                # 1,000 phones reconnecting each need the list again.
                push_sender().send([[*(("session:proposals", payload, [request.sid]) for *_where, payload, _ids in lists),
                                     *(("session:state", payload, [request.sid]) for _ids, payload in states)]])
            else:
                socketio.emit("session:state", results_service.phone_state(participant), to=request.sid)
            # Counted once accepted (a refused connection never disconnects); a push in between
            # took this phone for an old one, and a whole snapshot is still understood.
            broadcast.phone_shapes().add(identity.workshop_id, identity.id, identity.shared)
            _counted.add(request.sid)
    except ConnectionRefusedError:
        _close_after_refusal()
        raise
    except Exception:
        # Not "unauthorized": a passing database error must not make phones forget who they are.
        log.exception("connect failed")
        db.session.rollback()
        _close_after_refusal()
        raise _refuse("server_error") from None
    finally:
        db.session.remove()


@socketio.on("disconnect")
def on_disconnect(*_args):
    """Forget the connection."""
    lag.take_turn()  # a thousand phones dropping at once (see on_connect)
    identity = _identities.pop(request.sid, None)
    if identity is not None and request.sid in _counted:
        _counted.discard(request.sid)
        broadcast.phone_shapes().add(identity.workshop_id, identity.id, identity.shared, by=-1)
    metrics.connections.gone(request.sid)


def acked(kind: str):
    """Wrap a handler: check the caller's kind, turn errors into `{ok: false, error}` acks.

    No input may kill a handler: anything unexpected is logged, rolled back and acked
    as `server_error`.
    """
    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(data=None, *_extra):
            identity = _identities.get(request.sid)
            try:
                if identity is None or identity.kind != kind:
                    raise RembukError("forbidden", status=403)
                return {"ok": True, **handler(identity, require_object(data))}
            except RembukError as error:
                db.session.rollback()
                return {"ok": False, "error": error_body(error)}
            except Exception:
                log.exception("%s failed", handler.__name__)
                db.session.rollback()
                return {"ok": False, "error": error_body(RembukError("server_error", status=500))}
            finally:
                db.session.remove()
        return wrapper
    return decorate


def _participant(identity: Identity) -> Participant:
    participant = db.session.get(Participant, identity.id)
    if participant is None:  # removed since connecting
        raise RembukError("unauthorized", status=401)
    return participant


@socketio.on("proposal:submit")
@acked("participant")
def on_proposal_submit(identity: Identity, data: dict) -> dict:
    """A phone sends a proposal; a replayed client_id returns the first one."""
    rate_limits.check("proposal", f"p{identity.id}")
    proposal, _created = participation.submit_proposal(_participant(identity), data)
    return {"proposal": {**results_service.proposal_view(proposal), "mine": True,
                         "client_id": proposal.client_id}}


@socketio.on("proposal:similar")
@acked("participant")
def on_proposal_similar(identity: Identity, data: dict) -> dict:
    """A phone's draft: up to three visible proposals of the session that say much the same."""
    rate_limits.check("similar", f"p{identity.id}")
    return {"similar": duplicates.similar_proposals(_participant(identity), data)}


@socketio.on("ballot:cast")
@acked("participant")
def on_ballot_cast(identity: Identity, data: dict) -> dict:
    """A phone replaces its whole ballot; committed before this ack."""
    try:
        rate_limits.check("ballot", f"p{identity.id}")
        outcome = casting.cast(identity.id, identity.workshop_id, data)
    except RembukError as error:
        metrics.casts.labels(outcome=error.code).inc()
        raise
    except Exception:
        metrics.casts.labels(outcome="server_error").inc()
        raise
    metrics.casts.labels(outcome="accepted").inc()
    # The one change not told through workshop.changes: the writer that stored it must not stop
    # to tell anyone (see live/notify.py). Marking is cheap; the flush is coalesced.
    broadcast.broadcaster.mark(identity.workshop_id, data["session_id"])
    return outcome


@socketio.on("proposals:list")
@acked("participant")
def on_proposals_list(identity: Identity, data: dict) -> dict:
    """A phone asks for the shared list of the session it follows (§7.2a): after a
    `session:state` whose `proposals_version` it does not hold. `shared` is null without a session."""
    rate_limits.check("proposals_list", f"p{identity.id}")
    return {"shared": results_service.shared_list_of(_participant(identity))}


@socketio.on("table:choose")
@acked("participant")
def on_table_choose(identity: Identity, data: dict) -> dict:
    """A phone picks its table (`{table_id}`; null leaves it); a fresh `session:state` follows
    through the change path."""
    participant = tables.choose_table(_participant(identity), data)
    return {"table_id": participant.table_id}


@socketio.on("board:watch")
@acked("facilitator")
def on_board_watch(identity: Identity, data: dict) -> dict:
    """A board subscribes to one session, to a table's current session (table_id), or (with
    workshop_id) to the plenary's current session."""
    facilitator = db.session.get(Facilitator, identity.id)
    if "session_id" in data:
        session = workshop_service.owned_session(facilitator, identifier(data, "session_id"))
        join_room(broadcast.session_room(session.id))
        metrics.connections.board(request.sid, session.workshop_id)
        return {"update": results_service.board_payload(session.workshop, session)}
    if "table_id" in data:
        table = owned_table(facilitator, identifier(data, "table_id"), VIEW)
        join_room(broadcast.table_room(table.id))
        metrics.connections.board(request.sid, table.workshop_id)
        workshop = db.session.get(Workshop, table.workshop_id)
        current = db.session.get(WorkshopSession, table.current_session_id) if table.current_session_id else None
        return {"update": results_service.board_payload(workshop, current, table)}
    # The plenary's board: not for a table co-facilitator.
    workshop = workshop_service.owned_workshop(facilitator, identifier(data, "workshop_id"))
    join_room(broadcast.workshop_room(workshop.id))
    metrics.connections.board(request.sid, workshop.id)
    current = workshop_service.current_session(workshop)
    return {"update": results_service.board_payload(workshop, current)}


@socketio.on("board:unwatch")
@acked("facilitator")
def on_board_unwatch(identity: Identity, data: dict) -> dict:
    """Stop receiving a session's or workshop's board updates."""
    if "session_id" in data:
        leave_room(broadcast.session_room(identifier(data, "session_id")))
    elif "table_id" in data:
        leave_room(broadcast.table_room(identifier(data, "table_id")))
    else:
        workshop_id = identifier(data, "workshop_id")
        leave_room(broadcast.workshop_room(workshop_id))
        metrics.connections.unboard(request.sid, workshop_id)
    return {}


@socketio.on("question:ask")
@acked("participant")
def on_question_ask(identity: Identity, data: dict) -> dict:
    """A phone asks the speakers a question (any phase); a replayed client_id returns the first one."""
    rate_limits.check("question", f"p{identity.id}")
    question, _created = questions_service.ask(_participant(identity), data)
    return {"question": question}


@socketio.on("question:vote")
@acked("participant")
def on_question_vote(identity: Identity, data: dict) -> dict:
    """A phone upvotes a question (`up: false` withdraws); upvoting twice counts once."""
    rate_limits.check("question_vote", f"p{identity.id}")
    return {"votes": questions_service.vote(_participant(identity), data)}


@socketio.on("question:list")
@acked("participant")
def on_question_list(identity: Identity, data: dict) -> dict:
    """The open questions, and which of them the phone asked or upvoted; pushes follow."""
    rate_limits.check("question_list", f"p{identity.id}")
    return questions_service.phone_list(_participant(identity), data)
