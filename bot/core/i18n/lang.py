"""The two languages the bot speaks, and the shape of a text table."""

from typing import Literal

Lang = Literal["zh", "en"]
Texts = dict[str, dict[Lang, str]]
