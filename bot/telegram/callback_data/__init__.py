"""Callback data of every button the bot makes: built and parsed here and nowhere else.

Telegram gives a button at most 64 bytes of data, and the data comes back from the client,
where anyone can forge it. So each kind has a builder that refuses to make data its own parser
would not read back, and a parser that reads only exactly that shape (ASCII digits, the whole
string, ≤ 64 bytes) and returns None for anything else. The `*_PATTERN`s only route a press to
its handler (PTB matches them as a prefix); the handler still parses.

One module a room (lessons, secretary, branch_life, pickers), the rules in base; every
builder, parser and pattern is importable from here.
"""

# Every room's builders, parsers, patterns and kinds, as callback_data.<name>.
from bot.telegram.callback_data.base import MAX_BYTES as MAX_BYTES
from bot.telegram.callback_data.branch_life import *  # noqa: F403
from bot.telegram.callback_data.lessons import *  # noqa: F403
from bot.telegram.callback_data.pickers import *  # noqa: F403
from bot.telegram.callback_data.secretary import *  # noqa: F403
