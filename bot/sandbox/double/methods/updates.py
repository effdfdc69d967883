"""Who the bot is and how it hears: getMe, long-polled getUpdates, and the webhook methods'
answers while no webhook is set (webhook.py takes them over once one is)."""

from __future__ import annotations

import time

from ..errors import ApiError
from ..state import JSON
from .base import ApiBase


class Updates(ApiBase):
    async def get_me(self, _params: JSON) -> JSON:
        return {
            **self.world.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.world.privacy_mode,
            "supports_inline_queries": False,
        }

    async def get_updates(self, params: JSON) -> list[JSON]:
        world = self.world
        offset = params.get("offset")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            # An empty list means "back to the default set", as documented.
            world.allowed_updates = list(allowed) if allowed else None
        if isinstance(offset, int):
            if offset < 0:
                keep = world.updates[offset:]
                offset = keep[0]["update_id"] if keep else None
            if offset is not None:
                world.confirm(offset)
        # Only one poller per token: a newer getUpdates terminates an older one with 409.
        world.poll_generation += 1
        generation = world.poll_generation
        world.notify()
        deadline = time.monotonic() + timeout
        while True:
            if generation != world.poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure "
                    "that only one bot instance is running",
                )
            # No await between this check and wait_change(): a new update cannot slip between.
            ready = world.deliverable(offset if isinstance(offset, int) else None)
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or world.closing:
                return ready[:limit]
            await world.wait_change(remaining)

    async def delete_webhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates"):
            self.world.updates.clear()
        return True

    async def get_webhook_info(self, _params: JSON) -> JSON:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates),
        }
