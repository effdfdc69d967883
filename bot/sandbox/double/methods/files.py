"""Files: sendVoice and the other one-file sends, sendMediaGroup (albums), getFile, and how
an upload, a file_id or a URL becomes a stored file."""

from __future__ import annotations

import time
from typing import Any

from ..errors import ApiError, bad_request
from ..media import DEFAULT_MIME, media_payload
from ..state import JSON, MAX_DOWNLOAD, StoredFile, UploadedFile
from .base import ApiBase, Handler

MAX_UPLOAD = 50 * 1024 * 1024
# sendVoice -> ("voice", "voice"): (parameter name, message field / file kind)
SEND_FILE_METHODS = {
    "sendvoice": "voice",
    "sendaudio": "audio",
    "senddocument": "document",
    "sendphoto": "photo",
    "sendvideo": "video",
    "sendvideonote": "video_note",
    "sendanimation": "animation",
}


class Files(ApiBase):
    def stored_file(self, kind: str, value: Any, params: JSON) -> StoredFile:
        world = self.world
        if isinstance(value, UploadedFile):
            if len(value.data) > MAX_UPLOAD:
                raise ApiError(413, "Request Entity Too Large")
            world.uploads += 1
            mime = value.content_type
            if not mime or mime == "application/octet-stream":
                mime = DEFAULT_MIME.get(kind)
            duration = params.get("duration")
            return world.store_file(
                kind,
                value.data,
                mime_type=mime,
                file_name=value.filename,
                duration=duration if isinstance(duration, int) else None,
            )
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return world.store_file(kind, b"", file_name=value.rsplit("/", 1)[-1])
        if isinstance(value, str) and value in world.files:
            return world.files[value]
        if isinstance(value, str) and value.endswith("-t") and value[:-2] in world.files:
            return world.files[value[:-2]]  # the thumbnail size of a photo
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _file_sender(self, lower: str) -> Handler:
        kind = SEND_FILE_METHODS[lower]
        method = "send" + "".join(p.capitalize() for p in kind.split("_"))

        async def handler(params: JSON) -> JSON:
            chat = self.target_chat(params, write=True)
            caption = self._caption(params)
            stored = self.stored_file(kind, params.get(kind), params)
            content: JSON = {kind: media_payload(stored, kind, params), "caption": caption}
            if kind == "animation":
                content["document"] = media_payload(stored, "document")
            return self.deliver(method, chat, params, content, file_id=stored.file_id)

        return handler

    async def send_media_group(self, params: JSON) -> list[JSON]:
        chat = self.target_chat(params, write=True)
        items = params.get("media")
        if not isinstance(items, list) or not 2 <= len(items) <= 10:
            raise bad_request("wrong number of media in the album: must be 2-10")
        group_id = str(int(time.time() * 1000))
        messages = []
        # Validate every item before delivering any: an album arrives whole or not at all.
        prepared = []
        for item in items:
            kind = item.get("type") if isinstance(item, dict) else None
            if kind not in ("photo", "video", "audio", "document"):
                raise bad_request("unsupported media type in the album")
            caption = self._caption(item)
            prepared.append((kind, self.stored_file(kind, item.get("media"), item), caption, item))
        for kind, stored, caption, item in prepared:
            content: JSON = {
                kind: media_payload(stored, kind, item),
                "caption": caption,
                "media_group_id": group_id,
            }
            item_params = {**params, "caption": item.get("caption")}
            messages.append(
                self.deliver("sendMediaGroup", chat, item_params, content, file_id=stored.file_id)
            )
        return messages

    async def get_file(self, params: JSON) -> JSON:
        stored = self.world.files.get(str(params.get("file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }
