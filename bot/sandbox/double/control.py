"""JSON control endpoints under /_double/, for driving a standalone double from another process."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .double import TelegramDouble

# Helpers another process may call through POST /_double/human/<name>.
HUMAN_ACTIONS = frozenset(
    {
        "add_user",
        "add_group",
        "set_member",
        "set_member_count",
        "user_sends",
        "user_sends_file",
        "press_button",
        "react",
        "add_bot_to_group",
        "promote_bot",
        "remove_bot_from_group",
        "user_joins",
        "user_leaves",
        "migrate_group",
        "user_blocks_bot",
        "user_unblocks",
    }
)


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: v for k, v in dataclasses.asdict(value).items() if k != "data"}
    return value


def _response(value: Any, status: int = 200) -> web.Response:
    return web.json_response(
        _to_json(value),
        status=status,
        dumps=lambda o: json.dumps(o, default=str, ensure_ascii=False),
    )


class Control:
    def __init__(self, double: TelegramDouble) -> None:
        self.double = double

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/_double/stats", self.stats)
        app.router.add_get("/_double/sent", self.sent)
        app.router.add_post("/_double/setup", self.setup)
        app.router.add_post("/_double/flood", self.flood)
        app.router.add_post("/_double/human/{action}", self.human)

    async def stats(self, _request: web.Request) -> web.Response:
        return _response(self.double.stats())

    async def sent(self, request: web.Request) -> web.Response:
        after = int(request.query.get("after", "0"))
        chat = request.query.get("chat_id")
        items = [
            dataclasses.asdict(m)
            for m in self.double.sent[after:]
            if chat is None or m.chat_id == int(chat)
        ]
        return _response(items)

    async def setup(self, request: web.Request) -> web.Response:
        """{"users": [{"id", "first_name", "started"?...}], "groups": [{"id", "title",
        "type"?, "is_forum"?, "member_count"?, "members"?: {uid: status}, "bot"?: status}]}"""
        body = await request.json()
        d = self.double
        for u in body.get("users", []):
            user = d.add_user(
                int(u["id"]),
                u["first_name"],
                language_code=u.get("language_code", "zh-hans"),
                username=u.get("username"),
                last_name=u.get("last_name"),
            )
            user.started = bool(u.get("started", False))
        for g in body.get("groups", []):
            d.add_group(
                int(g["id"]),
                g["title"],
                type=g.get("type", "group"),
                is_forum=bool(g.get("is_forum", False)),
                member_count=g.get("member_count"),
            )
            for uid, status in g.get("members", {}).items():
                d.set_member(int(g["id"]), int(uid), status)
            if "bot" in g:
                d.set_member(int(g["id"]), d.bot_id, g["bot"])
        return _response({"ok": True})

    async def flood(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.double.set_flood_control(
            bool(body.get("enabled", True)),
            global_per_second=body.get("global_per_second"),
            group_per_minute=body.get("group_per_minute"),
            private_per_second=body.get("private_per_second"),
        )
        return _response({"ok": True})

    async def human(self, request: web.Request) -> web.Response:
        action = request.match_info["action"]
        if action not in HUMAN_ACTIONS:
            return _response({"ok": False, "error": f"unknown action {action}"}, 404)
        kwargs = await request.json() if request.can_read_body else {}
        if action == "user_sends_file" and isinstance(kwargs.get("path_or_bytes"), str):
            kwargs["path_or_bytes"] = kwargs["path_or_bytes"].encode()
        try:
            result = getattr(self.double, action)(**kwargs)
        except (TypeError, ValueError) as err:
            return _response({"ok": False, "error": str(err)}, 400)
        self.double.world.notify()
        return _response({"ok": True, "result": result})
