"""The floor for button answers: a bare PTB bot that answers every callback query at once,
with no database, polling the same Telegram double. Run by bench_listen as its own process.

    python -m benchmarks.bare_answerer API_BASE_URL
"""

from __future__ import annotations

import sys

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from benchmarks.support import TOKEN
from bot.telegram.http import api_urls


async def _answer(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer("已记录 +1 分")


def main() -> None:
    base_url, base_file_url = api_urls(sys.argv[1])
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .concurrent_updates(16)
        .build()
    )
    app.add_handler(CallbackQueryHandler(_answer))
    app.run_polling(allowed_updates=["callback_query"], timeout=1, poll_interval=0)


if __name__ == "__main__":
    main()
