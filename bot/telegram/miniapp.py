"""Where the Mini App is served, and the addresses its buttons open."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MiniApp:
    """Where the Mini App player is ([web] public_url and app_name); empty: not set up."""

    public_url: str = ""
    app_name: str = ""

    @property
    def on(self) -> bool:
        # Telegram opens Mini Apps over HTTPS only: a plain-HTTP address gets no buttons.
        return self.public_url.startswith("https://")

    def player_url(self, lesson_id: int) -> str | None:
        """For a web_app button (private chats only, as Telegram allows)."""
        return f"{self.public_url}/app/?lesson={lesson_id}" if self.on else None

    def dashboard_url(self, group_id: int) -> str | None:
        """The secretary's dashboard of one group, for a web_app button in private chat."""
        return f"{self.public_url}/app/dashboard?group={group_id}" if self.on else None

    def committee_url(self) -> str | None:
        """The 机关党委's view of every branch, for a web_app button in private chat."""
        return f"{self.public_url}/app/committee" if self.on else None

    def direct_link(self, bot_username: str, lesson_id: int) -> str | None:
        """The direct Mini App link a group message can carry (no web_app buttons there)."""
        if not (self.on and self.app_name and bot_username):
            return None
        return f"https://t.me/{bot_username}/{self.app_name}?startapp=l{lesson_id}"
