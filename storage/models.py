"""Typed SQLAlchemy 2.0 models. Every row is scoped by workspace (team_id)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SLACK_ID = 32
# The default weekly times, each in the person's own time zone: the nudge on Monday at
# 10:00, the manager's digest on Friday at 16:00. Said once, here: the columns' defaults,
# new rows and the bot's Schedule all read these.
NUDGE_WEEKDAY, NUDGE_MINUTE = 0, 10 * 60
DIGEST_WEEKDAY, DIGEST_MINUTE = 4, 16 * 60
# What an answer shows the author's manager, chosen per answer (each person has a default):
# the text and the rating, the rating alone (it counts in the team's figures too), or
# nothing but that they answered. Said once, here: the columns, the modal, the queries.
SHARED, RATING_ONLY, KEEP_PRIVATE = "shared", "rating", "private"
SHARING_LEVELS = (SHARED, RATING_ONLY, KEEP_PRIVATE)
DEFAULT_SHARING = SHARED
# The levels whose rating the manager may see and the team's figures may use.
RATING_SHARED = (SHARED, RATING_ONLY)


# A scheduler instant sooner than any real one: the row is looked at on the next tick
# (storage.wakeups). New rows start with it, so the tick computes their real instants.
RECHECK = datetime(1970, 1, 1, tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes in and out; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime}


class Workspace(Base):
    """A Slack workspace (team) the bot serves."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    default_timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The Monday of the workspace's first week: the rotation of dimensions counts from it.
    rotation_anchor: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Person(Base):
    """Someone the bot knows in a workspace: subscription, schedule, reachability."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id"),
        Index("ix_people_next_nudge_at", "next_nudge_at"),
        Index("ix_people_next_reminder_at", "next_reminder_at"),
        CheckConstraint("nudge_weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("nudge_minute BETWEEN 0 AND 1439", name="minute"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(
        String(SLACK_ID), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    subscribed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Nudges whose time came before this are not owed: subscribing on a Wednesday does not
    # bring Monday's nudge after the fact.
    subscribed_at: Mapped[datetime | None] = mapped_column()
    timezone: Mapped[str | None] = mapped_column(String(64))
    nudge_weekday: Mapped[int] = mapped_column(Integer, default=NUDGE_WEEKDAY)
    nudge_minute: Mapped[int] = mapped_column(Integer, default=NUDGE_MINUTE)
    paused_until: Mapped[date | None] = mapped_column(Date)
    unreachable_reason: Mapped[str | None] = mapped_column(String(64))
    # A focus dimension of the person's own choosing: one extra question a week on it,
    # until the week of `focus_until` (a Monday) begins.
    focus_dimension: Mapped[str | None] = mapped_column(String(32))
    focus_since: Mapped[date | None] = mapped_column(Date)
    focus_until: Mapped[date | None] = mapped_column(Date)
    # The rotation (counted from the workspace's first week) in which the nudge last
    # suggested a focus: once per rotation at most.
    focus_suggested_rotation: Mapped[int | None] = mapped_column(Integer)
    followups: Mapped[bool] = mapped_column(Boolean, default=True)
    # The sharing level the reflection modal preselects (SHARING_LEVELS), and whether the
    # focus dimension shows in their manager's 1:1 prep.
    sharing: Mapped[str] = mapped_column(String(16), default=DEFAULT_SHARING)
    focus_shared: Mapped[bool] = mapped_column(Boolean, default=False)
    # Time away as the person's Slack status says it (from user_change events): since when,
    # until when (None while away with no end set), and when they came back.
    away_since: Mapped[datetime | None] = mapped_column()
    away_until: Mapped[datetime | None] = mapped_column()
    back_at: Mapped[datetime | None] = mapped_column()
    # When the scheduler next looks at this person for a nudge, and for a reminder (UTC;
    # None: nothing to send, not subscribed or unreachable). Never later than the message
    # is due; storage.wakeups keeps them so, and each tick reads only rows whose instant
    # has come.
    next_nudge_at: Mapped[datetime | None] = mapped_column(default=RECHECK)
    next_reminder_at: Mapped[datetime | None] = mapped_column(default=RECHECK)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Delivery(Base):
    """A claim on one message to one person for one week: the record that makes sends
    happen at most once, across restarts and processes."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", "kind", "week"),
        Index("ix_deliveries_team_kind_week", "team_id", "kind", "week"),
        # Finding sends a crash left "sending", to reconcile.
        Index("ix_deliveries_status_claimed_at", "status", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(
        String(SLACK_ID), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    kind: Mapped[str] = mapped_column(String(16))  # storage.deliveries.KINDS
    week: Mapped[str] = mapped_column(String(10))  # ISO week key, 2026-W48
    dimension: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # claimed | sending | sent | retry | failed
    owner: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    claimed_at: Mapped[datetime] = mapped_column()
    retry_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))


class Reflection(Base):
    """One person's answer on one dimension in one week; editing replaces it."""

    __tablename__ = "reflections"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", "week", "dimension"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint(f"sharing IN {SHARING_LEVELS!r}", name="sharing"),
        Index("ix_reflections_team_week", "team_id", "week"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(
        String(SLACK_ID), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    week: Mapped[str] = mapped_column(String(10))
    dimension: Mapped[str] = mapped_column(String(32))
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sharing: Mapped[str] = mapped_column(String(16), default=DEFAULT_SHARING)  # SHARING_LEVELS
    # When the one coaching follow-up on this reflection was asked (never a second).
    followup_asked_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Evidence(Base):
    """A note in a person's evidence journal, on one dimension, maybe from a Slack message
    (its link and its text, capped). Private to its owner: never in anyone's digest."""

    __tablename__ = "evidence"
    __table_args__ = (
        # One entry per message and person: saving the same message again updates it.
        UniqueConstraint("team_id", "user_id", "channel_id", "message_ts"),
        Index("ix_evidence_owner", "team_id", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(
        String(SLACK_ID), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    dimension: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    message_text: Mapped[str | None] = mapped_column(Text)
    permalink: Mapped[str | None] = mapped_column(String(500))
    channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Team(Base):
    """A manager's team in a workspace: one per manager, members by invitation."""

    __tablename__ = "teams"
    __table_args__ = (
        UniqueConstraint("team_id", "manager_id"),
        CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("digest_minute BETWEEN 0 AND 1439", name="minute"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(
        String(SLACK_ID), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    manager_id: Mapped[str] = mapped_column(String(SLACK_ID))
    digest_weekday: Mapped[int] = mapped_column(Integer, default=DIGEST_WEEKDAY)
    digest_minute: Mapped[int] = mapped_column(Integer, default=DIGEST_MINUTE)
    # When the scheduler next looks at this team's digest (as Person.next_nudge_at).
    next_digest_at: Mapped[datetime | None] = mapped_column(index=True, default=RECHECK)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(Base):
    """Someone invited to, or in, a team. `state` is invited | active | declined."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id"),
        Index("ix_memberships_workspace_user", "team_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer, ForeignKey("teams.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(SLACK_ID))  # the workspace, for scoping
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    state: Mapped[str] = mapped_column(String(16))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column()
    # The invitation DM: when Slack took it, or why it could not be delivered. Both empty
    # means it has not been sent (yet, or a crash came first): `team add` sends it again,
    # and the invitee can answer from `/techlead team` whether or not a DM arrived.
    invitation_sent_at: Mapped[datetime | None] = mapped_column()
    invitation_error: Mapped[str | None] = mapped_column(String(64))


class IdempotencyKey(Base):
    """A request or action seen recently, so a replay or a second click does nothing new:
    a signed request's signature, an event's id, a button's effect. `result` keeps what
    the first one answered, to answer a repeat the same way. Rows expire."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_expires_at", "expires_at"),)

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    result: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column()


class SendBudget(Base):
    """A workspace's message pace, shared by every process that sends to it: the next free
    send slot, taken atomically (storage.budgets), so any number of replicas together stay
    under the per-workspace rate."""

    __tablename__ = "send_budgets"

    team_id: Mapped[str] = mapped_column(
        String(SLACK_ID), ForeignKey("workspaces.team_id", ondelete="CASCADE"),
        primary_key=True)
    # Seconds since the epoch, as a number: the slot arithmetic runs inside one UPDATE,
    # the same on SQLite and PostgreSQL.
    next_slot: Mapped[float] = mapped_column(Float, default=0.0)
