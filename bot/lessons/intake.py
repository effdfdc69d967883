"""Intake: a downloaded recording becomes a processed, queued lesson, or a clear refusal."""

from __future__ import annotations

import asyncio
import logging
import uuid
from functools import partial
from pathlib import Path

from bot.audio import AudioError, AudioJobs, AudioSettings
from bot.audio.jobs import OnQueued
from bot.audio.rendition import make_rendition
from bot.core.errors import DomainError
from bot.lessons.lessons import LessonService
from bot.lessons.views import LessonView

log = logging.getLogger(__name__)

# Telegram's limit for files a bot may download with getFile.
BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024


def audio_error(exc: AudioError, settings: AudioSettings) -> DomainError:
    seconds = exc.duration or 0.0
    if exc.code == "too_short":
        return DomainError(
            "intake.too_short", seconds=round(seconds, 1), min=round(settings.min_seconds)
        )
    if exc.code == "too_long":
        return DomainError(
            "intake.too_long", minutes=round(seconds / 60, 1), max=round(settings.max_seconds / 60)
        )
    return DomainError(f"intake.{exc.code}")


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


class IntakeService:
    def __init__(self, lessons: LessonService, jobs: AudioJobs, keep_original: bool) -> None:
        self._lessons = lessons
        self._jobs = jobs
        self._renditions: set[asyncio.Task[None]] = set()
        self._settings = jobs.settings
        self._keep_original = keep_original
        self.incoming = lessons.audio_dir / "incoming"

    @property
    def audio(self) -> AudioJobs:
        """The audio pool (its figures are on the metrics page)."""
        return self._jobs

    @property
    def jobs(self) -> AudioJobs:
        return self._jobs

    def shutdown(self) -> None:
        """Start no new audio jobs (the running one finishes in its thread)."""
        self._jobs.shutdown()

    async def renditions_settled(self) -> None:
        """Until every AAC copy started so far is made (or given up)."""
        while self._renditions:
            await asyncio.gather(*self._renditions)

    async def _rendition(self, ogg: Path, duration: float) -> None:
        """The AAC copy the Mini App player needs on iOS; without it the lesson still goes out."""
        try:
            await self._jobs.run(partial(make_rendition, ogg, duration, self._settings))
        except (AudioError, OSError, RuntimeError) as exc:  # RuntimeError: shutting down
            log.warning("no AAC rendition of %s: %s", ogg.name, exc)

    def new_download_path(self, suffix: str) -> Path:
        self.incoming.mkdir(parents=True, exist_ok=True)
        return self.incoming / f"{uuid.uuid4().hex}{suffix or '.bin'}"

    async def ingest(
        self,
        *,
        group_id: int,
        author_id: int,
        title: str | None,
        source: Path,
        source_file_unique_id: str | None,
        on_queued: OnQueued | None = None,
    ) -> LessonView:
        """Process the downloaded file and queue it; on any refusal nothing is kept.

        ``on_queued(ahead)`` is awaited first if other recordings are being processed.
        """
        processed = source.with_name(source.stem + "-processed.ogg")
        try:
            try:
                report = await self._jobs.process(source, processed, on_queued)
            except AudioError as exc:
                log.info("recording from %s refused: %s", author_id, exc.code)
                raise audio_error(exc, self._settings) from exc
            log.info(
                "processed recording: %.1f s → %.1f s, %.1f → %.1f LUFS in %.2f s",
                report.duration_in,
                report.duration_out,
                report.lufs_in,
                report.lufs_out,
                report.seconds,
            )
            view = await self._lessons.create(
                group_id=group_id,
                author_id=author_id,
                title=title,
                report=report,
                processed=processed,
                original=source if self._keep_original else None,
                source_file_unique_id=source_file_unique_id,
            )
            # The secretary's "queued" reply does not wait for the AAC copy (25 s of CPU for a
            # 20-minute lesson); until it exists the player offers the OGG.
            task = asyncio.create_task(self._rendition(Path(view.audio_path), report.duration_out))
            self._renditions.add(task)
            task.add_done_callback(self._renditions.discard)
            return view
        finally:
            # Whatever create() did not move into place is a leftover.
            await asyncio.to_thread(_remove, processed, source)
