"""HTTP front: parse PTB's requests, validate against the spec, inject faults, answer JSON."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.telegram.http import API_PATH, FILE_PATH

from .chaos import Chaos
from .errors import ApiError, RuleBroken, describe, too_many_requests
from .flood import FloodControl, is_limited
from .methods import BotApi
from .rules import ParamChecker
from .spec import ApiSpec
from .state import JSON, Call, UploadedFile, World

ATTACH = "attach://"


@dataclass
class Fault:
    method: str  # lower-case method name, or "*"
    status: int
    description: str
    retry_after: float | None  # whole seconds from Telegram; a test may ask for less
    migrate_to_chat_id: int | None
    count: int
    chat_id: int | str | None

    def matches(self, method: str, params: JSON) -> bool:
        if self.method not in ("*", method.lower()):
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

    def error(self) -> ApiError:
        parameters: JSON = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        return ApiError(self.status, self.description, parameters or None)


class Hold:
    """Calls of one method beyond the first `after` wait here until release(), then take effect.

    Tests use it to keep a broadcast in progress for as long as they need, however fast the
    machine: what would be a sleep becomes an event."""

    def __init__(self, method: str, after: int, chat_id: int | None) -> None:
        self.method = method
        self.after = after
        self.chat_id = chat_id
        self.seen = 0
        self.waiting = 0
        self._released = asyncio.Event()

    def release(self) -> None:
        self._released.set()

    @property
    def released(self) -> bool:
        return self._released.is_set()

    async def pass_through(self, method: str, params: JSON) -> None:
        if method.lower() != self.method or self._released.is_set():
            return
        if self.chat_id is not None and params.get("chat_id") != self.chat_id:
            return
        self.seen += 1
        if self.seen <= self.after:
            return
        self.waiting += 1
        try:
            await self._released.wait()
        finally:
            self.waiting -= 1


def _resolve_attach(value: Any, files: dict[str, UploadedFile]) -> Any:
    """Replace attach://<name> anywhere in a value (media groups nest them) by the file part."""
    if isinstance(value, str) and value.startswith(ATTACH):
        return files.get(value[len(ATTACH) :], value)
    if isinstance(value, list):
        return [_resolve_attach(v, files) for v in value]
    if isinstance(value, dict):
        return {k: _resolve_attach(v, files) for k, v in value.items()}
    return value


def _json(payload: JSON, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=lambda o: json.dumps(o, default=str))


class Server:
    def __init__(self, world: World, spec: ApiSpec, flood: FloodControl) -> None:
        self.world = world
        self.spec = spec
        self.checker = ParamChecker(spec)
        self.api = BotApi(world)
        self.flood = flood
        self.faults: list[Fault] = []
        self.delays: dict[str, float] = {}
        self.chat_delays: dict[tuple[str, int], float] = {}
        self.holds: list[Hold] = []
        self.in_flight = 0
        self.chaos: Chaos | None = None
        # (method, chat_id) -> answer only once the test sets it (the call takes effect first).
        self.answer_holds: dict[tuple[str, int], asyncio.Event] = {}

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", f"/{API_PATH}{{token}}/{{method}}", self.handle_method)
        app.router.add_get(f"/{FILE_PATH}{{token}}/{{path:.+}}", self.handle_file)

    async def _parse(self, request: web.Request) -> tuple[dict[str, str], dict[str, UploadedFile]]:
        raw: dict[str, str] = {}
        files: dict[str, UploadedFile] = {}
        raw.update(request.query)
        if request.method != "POST" or not request.can_read_body:
            return raw, files
        if request.content_type == "application/json":
            body = await request.json()
            for key, value in body.items():
                raw[key] = value if isinstance(value, str) else json.dumps(value)
            return raw, files
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = UploadedFile(value.filename, value.content_type, value.file.read())
            elif isinstance(value, str):
                raw[key] = value
        return raw, files

    def _violation(self, text: str) -> None:
        self.world.violations.append(text)

    async def handle_method(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        try:
            return await self._handle(request)
        except ConnectionError:
            # The bot went away mid-request (a test kills it): nobody is there to answer.
            raise
        except Exception as err:
            # A bug in the double must fail the test loudly, not look like a network blip.
            self._violation(f"internal error in the double: {err!r}")
            return _json({"ok": False, "error_code": 500, "description": repr(err)}, 500)
        finally:
            self.in_flight -= 1
            self.world.notify()

    async def _handle(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        raw, files = await self._parse(request)
        if request.match_info["token"] != self.world.token:
            self.world.calls.append(Call(name, dict(raw), time.time(), 401))
            return _json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        spec = self.spec.method(name)
        if spec is None:
            self.world.calls.append(Call(name, dict(raw), time.time(), 404))
            self._violation(f"{name}: unknown method")
            return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        params = self.spec.decode(spec, raw)
        # A file part named like the parameter is the parameter (PTB's plain uploads);
        # attach://<name> values point at a part with a generated name (thumbnails, media).
        for key, upload in files.items():
            if key in spec.fields:
                params[key] = upload
        call = Call(spec.name, params, time.time())
        self.world.calls.append(call)
        try:
            # Names and types are checked before attach:// becomes a file (media is a String).
            self.checker.check(spec, params)
            for key, value in list(params.items()):
                params[key] = _resolve_attach(value, files)
            result = await self._execute(spec.name, params)
        except ApiError as err:
            call.status = err.status
            if isinstance(err, RuleBroken):
                self._violation(f"{spec.name}: {err.description}")
            if err.status == 429:
                self.world.counters["rate_limited"] += 1
            return _json(err.payload(), err.status)
        return _json({"ok": True, "result": result})

    async def _execute(self, method: str, params: JSON) -> Any:
        missing = [f for f in self.spec.methods[method].required if f not in params]
        if missing:
            self._violation(f"{method}: missing required parameter(s) {', '.join(missing)}")
            raise ApiError(400, f"Bad Request: {missing[0]} is required")
        delay = self.delays.get(method.lower(), self.delays.get("*"))
        target = params.get("chat_id")
        if isinstance(target, int):
            delay = self.chat_delays.get((method.lower(), target), delay)
        if delay:
            await asyncio.sleep(delay)
        for hold in self.holds:
            await hold.pass_through(method, params)
        for fault in self.faults:
            if fault.count > 0 and fault.matches(method, params):
                fault.count -= 1
                self.faults = [f for f in self.faults if f.count > 0]
                raise fault.error()
        chaos = self.chaos
        injected = chaos.pick(method) if chaos is not None else None
        if chaos is not None and injected is not None:
            await chaos.before(injected)
        chat_id = params.get("chat_id")
        flood_key = chat_id if isinstance(chat_id, int) else None
        limited = is_limited(method)
        paid = params.get("allow_paid_broadcast") is True
        if limited:
            retry_after = self.flood.retry_after(flood_key, paid)
            if retry_after is not None:
                raise too_many_requests(retry_after)
        result = await self.api.call(method, params)
        if limited:
            self.flood.record(flood_key, paid)
            if paid:
                self.world.counters["paid"] += 1  # each one costs Stars
        if chaos is not None and injected is not None:
            await chaos.after(injected)
        late = self.answer_holds.get((method.lower(), target)) if isinstance(target, int) else None
        if late is not None:
            await late.wait()
        return result

    async def handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self.world.files_by_path.get(request.match_info["path"])
        if request.match_info["token"] != self.world.token or stored is None:
            return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        if stored.data is None:
            raise web.HTTPNotFound(text="declared without content")
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    def add_fault(
        self,
        method: str,
        status: int,
        description: str | None,
        *,
        retry_after: float | None,
        migrate_to_chat_id: int | None,
        count: int,
        chat_id: int | str | None,
    ) -> None:
        if description is None:
            detail = f"retry after {retry_after}" if status == 429 and retry_after else None
            description = describe(status, detail)
        self.faults.append(
            Fault(
                method.lower() if method != "*" else "*",
                status,
                description,
                retry_after,
                migrate_to_chat_id,
                count,
                chat_id,
            )
        )
