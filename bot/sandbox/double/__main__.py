"""Run the double standalone: python -m bot.sandbox.double --port 8081 [--flood]."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .double import DEFAULT_TOKEN, TelegramDouble


async def serve(args: argparse.Namespace) -> None:
    double = TelegramDouble(
        args.token,
        host=args.host,
        port=args.port,
        flood_control=args.flood,
        privacy_mode=not args.no_privacy,
    )
    async with double:
        print(f"Telegram double on {double.base_url} (token {double.token})", flush=True)
        await asyncio.Event().wait()  # until Ctrl-C / SIGTERM cancels us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--flood", action="store_true", help="enable flood control")
    parser.add_argument("--no-privacy", action="store_true", help="bot sees all group messages")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
