"""What Slack would show each person, rebuilt from the calls the bot makes to the stand-in:
channel and DM messages (ephemeral ones only to their person), thread replies, files, Home
tabs and modal stacks. The stand-in calls `observe` for every call it accepts."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from bot.playground.standin import Call

GENERAL = "C_GENERAL"
BOT = "bot"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    tz: str
    role: str  # manager | member


@dataclass
class Message:
    id: str
    channel: str
    ts: str
    sender: str  # "bot" or a user ID
    text: str
    blocks: list | None
    at: datetime
    ephemeral_to: str | None = None
    files: list[dict] = field(default_factory=list)
    replies: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class ResponseTarget:
    """Where a response_url answers: the person, the channel, the message it came from."""

    user: str
    channel: str
    message_id: str | None = None


def dm_of(user_id: str) -> str:
    return "D_" + user_id


class World:
    def __init__(self, people: list[Person], clock, uploads: dict[str, bytes]):
        self.people = {p.id: p for p in people}
        self.clock = clock
        self.uploads = uploads  # the stand-in's uploaded bytes, by file id
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.version = 0
        self.messages: dict[str, list[Message]] = {}
        self.by_id: dict[str, Message] = {}
        self.homes: dict[str, dict] = {}
        self.modals: dict[str, list[dict]] = {}
        self.triggers: dict[str, str] = {}
        self.targets: dict[str, ResponseTarget] = {}
        self.files: dict[str, dict] = {}
        self.seen_dm: dict[str, int] = {}
        self._ids = itertools.count(1)

    def wait_for_change(self, since: int, timeout: float, quiet: float = 0.25) -> None:
        """Let what the bot does in the background after its ack (a users.info, then the
        answer) land before answering the page: wait for a first change, then until nothing
        has changed for `quiet` seconds, `timeout` at most in all."""
        deadline = time.monotonic() + timeout
        with self.changed:
            if not self.changed.wait_for(lambda: self.version != since, timeout):
                return
            while (left := deadline - time.monotonic()) > 0:
                if not self._changes_within(self.version, min(quiet, left)):
                    return

    def _changes_within(self, seen: int, seconds: float) -> bool:
        return self.changed.wait_for(lambda: self.version != seen, seconds)

    def _touch(self) -> None:
        self.version += 1
        self.changed.notify_all()

    # -- what the page does ------------------------------------------------------------------
    def new_trigger(self, user: str) -> str:
        trigger = f"{next(self._ids)}.{user}.trigger"
        with self.lock:
            self.triggers[trigger] = user
        return trigger

    def new_response_target(self, target: ResponseTarget) -> str:
        key = f"r{next(self._ids)}"
        with self.lock:
            self.targets[key] = target
        return key

    def post(self, channel: str, sender: str, text: str, blocks: list | None = None, *,
             ephemeral_to: str | None = None, thread_ts: str | None = None,
             files: list[dict] | None = None) -> Message:
        n = next(self._ids)
        message = Message(id=f"M{n}", channel=channel, ts=f"1700000000.{n:06d}",
                          sender=sender, text=text, blocks=blocks, at=self.clock(),
                          ephemeral_to=ephemeral_to, files=files or [])
        with self.lock:
            parent = self._find(channel, thread_ts) if thread_ts else None
            if parent is not None:
                parent.replies.append(message)
            else:
                self.messages.setdefault(channel, []).append(message)
            self.by_id[message.id] = message
            self._touch()
        return message

    def visible(self, channel: str, user: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages.get(channel, [])
                    if m.ephemeral_to in (None, user)]

    def modal_of(self, user: str) -> dict | None:
        with self.lock:
            stack = self.modals.get(user) or []
            return stack[-1] if stack else None

    def close_modal(self, user: str) -> None:
        with self.lock:
            self.modals.pop(user, None)
            self._touch()

    # -- what the bot does (through the stand-in) ----------------------------------------------
    def observe(self, call: Call, answer: dict) -> dict | None:
        handler = getattr(self, "_on_" + call.method.split(":")[0].replace(".", "_"), None)
        if handler is None:
            return None
        with self.lock:
            result = handler(call, answer)
            self._touch()
            return result

    def _on_chat_postMessage(self, call: Call, answer: dict) -> dict:
        body = call.body
        channel = str(body.get("channel", ""))
        channel = dm_of(channel) if channel.startswith(("U", "W")) else channel
        message = self.post(channel, BOT, str(body.get("text", "")), body.get("blocks"),
                            thread_ts=body.get("thread_ts"))
        return {**answer, "channel": channel, "ts": message.ts}

    def _on_chat_update(self, call: Call, answer: dict) -> dict:
        found = self._find(str(call.body.get("channel")), str(call.body.get("ts")))
        if found is None:
            return {"ok": False, "error": "message_not_found"}
        found.text, found.blocks = str(call.body.get("text", "")), call.body.get("blocks")
        return answer

    def _on_chat_postEphemeral(self, call: Call, answer: dict) -> dict:  # noqa: N802
        self.post(str(call.body.get("channel")), BOT, str(call.body.get("text", "")),
                  call.body.get("blocks"), ephemeral_to=str(call.body.get("user")))
        return answer

    def _on_views_open(self, call: Call, answer: dict) -> dict:
        user = self.triggers.pop(str(call.body.get("trigger_id")), None)
        if user is None:
            return {"ok": False, "error": "expired_trigger_id"}
        view = {**call.body["view"], "id": f"V{next(self._ids)}"}
        self.modals.setdefault(user, []).append(view)
        return {"ok": True, "view": view}

    def _on_views_push(self, call: Call, answer: dict) -> dict:
        return self._on_views_open(call, answer)

    def _on_views_update(self, call: Call, answer: dict) -> dict:
        for stack in self.modals.values():
            for i, view in enumerate(stack):
                if view["id"] == call.body.get("view_id"):
                    stack[i] = {**call.body["view"], "id": view["id"]}
                    return {"ok": True, "view": stack[i]}
        return {"ok": False, "error": "not_found"}

    def _on_views_publish(self, call: Call, answer: dict) -> dict:
        user = str(call.body.get("user_id"))
        self.homes[user] = {**call.body["view"], "id": f"H_{user}"}
        return answer

    def _on_conversations_open(self, call: Call, answer: dict) -> dict:
        user = str(call.body.get("users", "")).split(",")[0]
        return {"ok": True, "channel": {"id": dm_of(user)}}

    def _on_users_info(self, call: Call, answer: dict) -> dict:
        person = self.people.get(str(call.body.get("user")))
        if person is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": {"id": person.id, "name": person.name.lower(),
                                     "real_name": person.name, "tz": person.tz,
                                     "is_bot": False, "deleted": False}}

    def _on_files_getUploadURLExternal(self, call: Call, answer: dict) -> dict:  # noqa: N802
        self.files[answer["file_id"]] = {"id": answer["file_id"],
                                         "name": str(call.body.get("filename", "file"))}
        return answer

    def _on_files_completeUploadExternal(self, call: Call, answer: dict) -> dict:  # noqa: N802
        shared = []
        for item in json.loads(call.body.get("files") or "[]"):
            info = self.files.setdefault(item["id"], {"id": item["id"], "name": item["id"]})
            info["title"] = item.get("title") or info["name"]
            info["mimetype"] = "image/png" if info["name"].endswith(".png") else "text/csv"
            shared.append(info)
        channel = str(call.body.get("channel_id", ""))
        self.post(channel, BOT, call.body.get("initial_comment", ""), None,
                  thread_ts=call.body.get("thread_ts"), files=shared)
        return answer

    def _on_response(self, call: Call, answer: dict) -> dict | None:
        target = self.targets.get(call.method.split(":", 1)[1])
        if target is None:
            return None
        body = call.body
        original = self.by_id.get(target.message_id or "")
        if body.get("delete_original") and original is not None:
            self.messages[original.channel].remove(original)
        elif body.get("replace_original") and original is not None:
            original.text, original.blocks = str(body.get("text", "")), body.get("blocks")
        elif body.get("response_type") == "in_channel":
            self.post(target.channel, BOT, str(body.get("text", "")), body.get("blocks"))
        elif body.get("text") or body.get("blocks"):
            self.post(target.channel, BOT, str(body.get("text", "")), body.get("blocks"),
                      ephemeral_to=target.user)
        return None

    def _find(self, channel: str, ts: str | None) -> Message | None:
        for message in self.messages.get(channel, []):
            if message.ts == ts:
                return message
            for reply in message.replies:
                if reply.ts == ts:
                    return reply
        return None
