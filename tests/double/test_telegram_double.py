"""The Telegram double, driven by a real PTB Bot over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.sandbox.double import TelegramDouble

ALICE, BOB, CAROL = 1001, 1002, 1003
GROUP = -100
OGG = b"OggS" + bytes(200)


@pytest.fixture
async def double() -> AsyncIterator[TelegramDouble]:
    async with TelegramDouble() as d:
        d.add_user(ALICE, "Alice")
        d.add_user(BOB, "Bob")
        d.add_user(CAROL, "Carol")
        d.add_group(GROUP, "Study group")
        d.set_member(GROUP, ALICE, "creator")
        d.add_bot_to_group(GROUP, ALICE)
        d.user_sends(ALICE, ALICE, "/start")
        yield d
        assert not d.violations, d.violations


def make_bot(double: TelegramDouble, token: str | None = None) -> telegram.Bot:
    return telegram.Bot(
        token or double.token,
        base_url=f"{double.base_url}/bot",
        base_file_url=f"{double.base_url}/file/bot",
        get_updates_request=HTTPXRequest(read_timeout=5),
    )


@pytest.fixture
async def bot(double: TelegramDouble) -> AsyncIterator[telegram.Bot]:
    async with make_bot(double) as b:
        yield b


async def test_get_me_and_wrong_token(double: TelegramDouble, bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert me.id == double.bot_id and me.username == "microlesson_test_bot"
    with pytest.raises(InvalidToken):
        async with make_bot(double, "999:wrong"):
            pass


async def test_send_message_and_voice_reuse(double: TelegramDouble, bot: telegram.Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("听了", callback_data="heard:1")]])
    msg = await bot.send_message(GROUP, "今天的微党课", reply_markup=keyboard)
    assert msg.chat.id == GROUP and msg.text == "今天的微党课"
    assert double.sent[-1].reply_markup == keyboard.to_dict()

    voice = await bot.send_voice(
        GROUP,
        OGG,
        duration=42,
        filename="lesson.ogg",
        caption="第1课",
        reply_to_message_id=msg.message_id,
    )
    assert voice.voice is not None and double.sent[-1].message["voice"]["duration"] == 42
    assert voice.voice.mime_type == "audio/ogg" and voice.voice.file_size == len(OGG)
    assert voice.reply_to_message is not None
    assert voice.reply_to_message.message_id == msg.message_id
    again = await bot.send_voice(ALICE, voice.voice.file_id)
    assert again.voice is not None
    assert again.voice.file_unique_id == voice.voice.file_unique_id
    assert double.uploads == 1
    assert [m.method for m in double.sent_to(GROUP)] == ["sendMessage", "sendVoice"]
    assert double.sent_to(GROUP)[1].file_id == voice.voice.file_id

    # The file the bot uploaded can be fetched back through getFile + download.
    file = await bot.get_file(voice.voice.file_id)
    assert bytes(await file.download_as_bytearray()) == OGG


async def test_refusals(double: TelegramDouble, bot: telegram.Bot) -> None:
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(BOB, "hi")
    double.user_blocks_bot(ALICE)
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.send_message(ALICE, "hi")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-4242, "hi")
    double.add_group(-200, "Other")
    with pytest.raises(Forbidden, match=r"(?i)not a member"):
        await bot.send_message(-200, "hi")
    double.remove_bot_from_group(GROUP, ALICE, status="kicked")
    with pytest.raises(Forbidden, match=r"(?i)kicked"):
        await bot.send_message(GROUP, "hi")
    assert double.sent == []


async def test_migrated_group(double: TelegramDouble, bot: telegram.Bot) -> None:
    double.migrate_group(GROUP, -1000000000100)
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(GROUP, "hi")
    assert info.value.new_chat_id == -1000000000100
    msg = await bot.send_message(-1000000000100, "hi again")
    assert msg.chat.type == "supergroup"


async def test_flood_control(double: TelegramDouble, bot: telegram.Bot) -> None:
    double.set_flood_control(True, group_per_minute=2)
    await bot.send_message(GROUP, "1")
    await bot.send_message(GROUP, "2")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(GROUP, "3")
    assert info.value._retry_after.total_seconds() > 0
    assert len(double.sent) == 2
    assert double.counters["rate_limited"] == 1 and double.counters["delivered"] == 2
    await bot.send_message(ALICE, "private chats are not limited per minute")


async def test_fail_next(double: TelegramDouble, bot: telegram.Bot) -> None:
    double.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter):
        await bot.send_message(ALICE, "x")
    double.fail_next("sendMessage", 400, "Bad Request: custom", chat_id=ALICE)
    await bot.send_message(GROUP, "other chats unaffected")
    with pytest.raises(BadRequest, match=r"(?i)custom"):
        await bot.send_message(ALICE, "x")
    await bot.send_message(ALICE, "recovered")
    assert [m.text for m in double.sent] == ["other chats unaffected", "recovered"]


async def test_big_file_and_user_files(double: TelegramDouble, bot: telegram.Bot) -> None:
    big = double.user_sends_file(
        ALICE, ALICE, "audio", None, file_size=25 * 1024 * 1024, duration=600, file_name="long.mp3"
    )
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.get_file(big["audio"]["file_id"])
    small = double.user_sends_file(ALICE, ALICE, "voice", b"voice-bytes", duration=7)
    file = await bot.get_file(small["voice"]["file_id"])
    assert file.file_path is not None
    assert bytes(await file.download_as_bytearray()) == b"voice-bytes"
    updates = await bot.get_updates()
    voices = [u.message.voice for u in updates if u.message and u.message.voice]
    assert voices and voices[0].file_size == len(b"voice-bytes")
    assert small["voice"]["duration"] == 7


async def test_spec_violations(double: TelegramDouble, bot: telegram.Bot) -> None:
    # Telegram answers 404 "Not Found"; PTB turns that into EndPointNotFound here.
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", {"chat_id": ALICE})
    # PTB warns that send_message exists; the raw call is how a broken request reaches the double.
    with (
        pytest.warns(PTBUserWarning, match="Bot.sendMessage"),
        pytest.raises(BadRequest, match=r"(?i)text is required"),
    ):
        await bot.do_api_request("sendMessage", {"chat_id": ALICE})
    assert len(double.violations) == 2
    assert "sendTelepathy" in double.violations[0] and "text" in double.violations[1]
    assert await bot.set_my_commands([("start", "开始")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    double.violations.clear()


async def test_long_polling_and_buttons(double: TelegramDouble, bot: telegram.Bot) -> None:
    old = await bot.get_updates()
    offset = old[-1].update_id + 1

    async def later() -> None:
        await double.wait_until(lambda: double.in_flight == 1)  # the long poll is waiting
        double.user_sends(GROUP, BOB, "/lesson@microlesson_test_bot")

    task = asyncio.create_task(later())
    updates = await bot.get_updates(offset=offset, timeout=3)
    await task
    assert [u.message.text for u in updates if u.message] == ["/lesson@microlesson_test_bot"]
    assert updates[0].message is not None
    assert updates[0].message.entities[0].type == "bot_command"

    # Privacy mode: plain group chatter is not delivered; confirming the offset drops updates.
    double.user_sends(GROUP, BOB, "just chatting")
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()

    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("听了", callback_data="heard")]])
    msg = await bot.send_message(GROUP, "lesson", reply_markup=keyboard)
    query_id = double.press_button(GROUP, BOB, msg.message_id, "heard")
    (update,) = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=1)
    assert update.callback_query is not None and update.callback_query.data == "heard"
    await update.callback_query.answer("谢谢", show_alert=True)
    assert double.callback_answers[query_id]["text"] == "谢谢"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_allowed_updates_and_chat_member(double: TelegramDouble, bot: telegram.Bot) -> None:
    double.promote_bot(GROUP, ALICE)
    double.user_joins(GROUP, CAROL)
    default = await bot.get_updates()
    assert not any(u.chat_member for u in default)
    offset = default[-1].update_id + 1
    double.user_leaves(GROUP, CAROL)
    updates = await bot.get_updates(offset=offset, allowed_updates=["chat_member", "message"])
    kinds = [(u.chat_member is not None, u.message is not None) for u in updates]
    # Filtering happens when fetching: the join's chat_member update is still queued.
    assert kinds == [(True, False), (False, True), (True, False)]
    member = await bot.get_chat_member(GROUP, CAROL)
    assert member.status == "left"
    assert await bot.get_chat_member_count(GROUP) == 2  # Alice + the bot
    admins = await bot.get_chat_administrators(GROUP)
    assert {a.user.id for a in admins} == {ALICE, double.bot_id}


async def test_edits_and_wait_for(double: TelegramDouble, bot: telegram.Bot) -> None:
    msg = await bot.send_message(ALICE, "<b>v1</b>", parse_mode="HTML")
    assert msg.text == "v1"
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(ALICE, "<b>broken", parse_mode="HTML")
    assert len(double.violations) == 1 and "start tag" in double.violations[0]
    double.violations.clear()
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("v1", ALICE, msg.message_id)
    await bot.edit_message_text("v2", ALICE, msg.message_id)
    assert double.sent[-1].text == "v2" and double.sent[-1].edited
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("v3", ALICE, 999)

    mark = double.cursor()

    waiting = asyncio.ensure_future(
        double.wait_for(lambda m: m.chat_id == ALICE, after=mark, timeout=2)
    )
    await asyncio.sleep(0)  # the wait has begun and found nothing yet
    assert not waiting.done()
    await bot.send_message(ALICE, "later")
    got = await waiting
    assert got.text == "later"
    with pytest.raises(AssertionError, match=r"(?i)later"):
        await double.wait_for(lambda m: m.text == "never", timeout=0.1)


async def test_delay_causes_timeout(double: TelegramDouble) -> None:
    double.delay("sendMessage", 0.5)
    request = HTTPXRequest(read_timeout=0.1)
    async with telegram.Bot(
        double.token, base_url=f"{double.base_url}/bot", request=request
    ) as slow_bot:
        with pytest.raises(telegram.error.TimedOut):
            await slow_bot.send_message(ALICE, "slow")
    # The request was still delivered: a read timeout does not mean "not sent".
    await double.wait_until(lambda: len(double.sent) == 1, timeout=2)


async def test_held_calls_wait_for_release_then_take_effect(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    hold = double.hold("sendMessage", after=1, chat_id=ALICE)
    await bot.send_message(ALICE, "first passes")
    await bot.send_message(GROUP, "other chats pass")
    held = asyncio.ensure_future(bot.send_message(ALICE, "second waits"))
    await double.wait_until(lambda: hold.waiting == 1)
    assert not held.done() and [m.text for m in double.sent_to(ALICE)] == ["first passes"]
    hold.release()
    assert (await held).text == "second waits"
    assert hold.waiting == 0 and double.sent_to(ALICE)[-1].text == "second waits"


async def test_raw_form_and_json_requests(double: TelegramDouble) -> None:
    async with httpx.AsyncClient(base_url=double.base_url) as client:
        r = await client.post(
            f"/bot{double.token}/sendmessage", data={"chat_id": str(ALICE), "text": "123"}
        )
        assert r.status_code == 200 and r.json()["result"]["text"] == "123"
        r = await client.post(f"/bot{double.token}/getChat", json={"chat_id": GROUP})
        assert r.json()["result"]["title"] == "Study group"
        r = await client.post("/botnope/getMe")
        assert r.status_code == 401


async def test_application_polls_the_double(double: TelegramDouble) -> None:
    from telegram import Update
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        ChatMemberHandler,
        CommandHandler,
        ContextTypes,
        MessageHandler,
        filters,
    )

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("听了", callback_data="heard")]])
        await context.bot.send_message(update.effective_chat.id, "欢迎", reply_markup=keyboard)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("记下了")
        await update.callback_query.edit_message_reply_markup(None)

    async def voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.voice is not None
        data = await (await update.message.voice.get_file()).download_as_bytearray()
        await update.message.reply_text(f"got {len(data)} bytes")

    async def member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.chat_member is not None
        await context.bot.send_message(update.chat_member.chat.id, "welcome new member")

    app = (
        ApplicationBuilder()
        .token(double.token)
        .base_url(f"{double.base_url}/bot")
        .base_file_url(f"{double.base_url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.VOICE, voice))
    app.add_handler(ChatMemberHandler(member, ChatMemberHandler.CHAT_MEMBER))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES
        )
        try:
            mark = double.cursor()
            double.user_sends(BOB, BOB, "/start")
            welcome = await double.wait_for(lambda m: m.chat_id == BOB, after=mark)
            query_id = double.press_button(BOB, BOB, welcome.message_id, "heard")
            await double.wait_until(lambda: welcome.reply_markup is None)
            assert double.callback_answers[query_id]["text"] == "记下了"

            double.user_sends_file(BOB, BOB, "voice", b"x" * 321, duration=3)
            reply = await double.wait_for(lambda m: m.text == "got 321 bytes")
            assert reply.chat_id == BOB

            double.promote_bot(GROUP, ALICE)
            double.user_joins(GROUP, CAROL)
            await double.wait_for(lambda m: m.text == "welcome new member")
        finally:
            await app.updater.stop()
            await app.stop()


async def test_forum_replies_pins_reactions(double: TelegramDouble, bot: telegram.Bot) -> None:
    from telegram import ReactionTypeEmoji, ReplyParameters

    forum = double.add_group(-300, "Forum", type="supergroup", is_forum=True)
    double.set_member(forum.id, ALICE, "creator")
    double.add_bot_to_group(forum.id, ALICE, as_admin=True)
    asked = double.user_sends(forum.id, BOB, "问题", message_thread_id=7)
    answer = await bot.send_message(
        forum.id, "回答", message_thread_id=7, reply_parameters=ReplyParameters(asked["message_id"])
    )
    assert answer.message_thread_id == 7 and answer.reply_to_message is not None
    assert double.sent[-1].reply_to_message_id == asked["message_id"]
    with pytest.raises(BadRequest, match=r"(?i)replied not found"):
        await bot.send_message(forum.id, "x", reply_parameters=ReplyParameters(999))

    doc = await bot.send_document(forum.id, b"%PDF-1", filename="notes.pdf", caption="讲义")
    assert doc.document is not None and doc.document.file_name == "notes.pdf"
    photo = await bot.send_photo(forum.id, b"\xff\xd8jpeg")
    assert photo.photo and photo.photo[-1].width == 1280
    assert double.uploads == 2

    assert await bot.pin_chat_message(forum.id, answer.message_id)
    assert (await bot.get_chat(forum.id)).pinned_message is not None
    assert await bot.unpin_chat_message(forum.id)
    assert await bot.set_message_reaction(forum.id, asked["message_id"], [ReactionTypeEmoji("👍")])
    assert double.reactions[-1]["reaction"] == [{"type": "emoji", "emoji": "👍"}]
    double.react(forum.id, BOB, answer.message_id, "❤")
    updates = await bot.get_updates(allowed_updates=["message_reaction"])
    reaction = updates[-1].message_reaction
    assert reaction is not None and reaction.message_id == answer.message_id

    assert await bot.delete_message(forum.id, asked["message_id"])  # admin may delete
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(forum.id, asked["message_id"])
    # Pinning needs admin rights in groups.
    msg = await bot.send_message(GROUP, "pin me")
    with pytest.raises(BadRequest, match=r"(?i)not enough rights"):
        await bot.pin_chat_message(GROUP, msg.message_id)


async def test_membership_updates(double: TelegramDouble, bot: telegram.Bot) -> None:
    first = await bot.get_updates()
    assert first[0].my_chat_member is not None  # the fixture added the bot to GROUP
    assert first[0].my_chat_member.new_chat_member.status == "member"
    offset = first[-1].update_id + 1
    double.user_blocks_bot(ALICE)
    double.user_unblocks(ALICE)
    double.remove_bot_from_group(GROUP, ALICE)
    updates = await bot.get_updates(offset=offset)
    statuses = [u.my_chat_member.new_chat_member.status for u in updates if u.my_chat_member]
    assert statuses == ["kicked", "member", "left"]
    assert any(u.message and u.message.left_chat_member for u in updates)
    await bot.send_message(ALICE, "unblocked again")


async def test_global_flood_window(double: TelegramDouble, bot: telegram.Bot) -> None:
    double.set_flood_control(True, global_per_second=3)
    for i in range(3):
        await bot.send_message(ALICE, str(i))
    with pytest.raises(RetryAfter):
        await bot.send_message(ALICE, "too fast")
    assert await bot.get_chat_member(GROUP, ALICE)  # reads are not limited


async def test_control_endpoints(double: TelegramDouble) -> None:
    async with httpx.AsyncClient(base_url=f"{double.base_url}/_double") as client:
        r = await client.post(
            "/setup",
            json={
                "users": [{"id": 77, "first_name": "Dora", "started": True}],
                "groups": [
                    {"id": -77, "title": "G", "members": {"77": "creator"}, "bot": "member"}
                ],
            },
        )
        assert r.status_code == 200
        r = await client.post(
            "/human/user_sends", json={"chat_id": -77, "user_id": 77, "text": "/start"}
        )
        assert r.json()["result"]["text"] == "/start"
        r = await client.post("/human/nonsense", json={})
        assert r.status_code == 404
    async with make_bot(double) as b:
        await b.send_message(-77, "hi")
        await b.send_message(77, "hi")
    async with httpx.AsyncClient(base_url=f"{double.base_url}/_double") as client:
        stats = (await client.get("/stats")).json()
        assert stats["sent_per_chat"] == {"-77": 1, "77": 1}
        sent = (await client.get("/sent", params={"chat_id": -77})).json()
        assert [m["text"] for m in sent] == ["hi"]


async def test_media_group_uploads(double: TelegramDouble, bot: telegram.Bot) -> None:
    from telegram import InputMediaAudio

    first = await bot.send_audio(ALICE, b"ID3-one", filename="one.mp3", duration=60)
    assert first.audio is not None and first.audio.file_name == "one.mp3"
    album = await bot.send_media_group(
        ALICE,
        [
            InputMediaAudio(first.audio.file_id, caption="第一"),
            InputMediaAudio(b"ID3-two", filename="two.mp3"),
        ],
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    assert double.uploads == 2
    assert [m.caption for m in double.sent_to(ALICE)] == [None, "第一", None]


async def test_second_poller_conflicts(double: TelegramDouble, bot: telegram.Bot) -> None:
    from telegram.error import Conflict

    offset = (await bot.get_updates())[-1].update_id + 1
    first = asyncio.create_task(bot.get_updates(offset=offset, timeout=2))
    await double.wait_until(lambda: double.in_flight == 1)
    second = await bot.get_updates(offset=offset, timeout=0)
    assert second == ()
    with pytest.raises(Conflict):
        await first


# -- strict checks: what Telegram refuses, refused the same way and recorded as a violation


def _refused(double: TelegramDouble, *parts: str) -> None:
    """The last call broke a rule: it is in `violations`, then forgotten so the test goes on."""
    assert len(double.violations) == 1, double.violations
    assert all(p in double.violations[0] for p in parts), double.violations
    double.violations.clear()


async def test_unknown_parameter_is_refused(double: TelegramDouble, bot: telegram.Bot) -> None:
    with (
        pytest.warns(PTBUserWarning, match="Bot.sendMessage"),
        pytest.raises(BadRequest, match=r'(?i)unknown parameter "colour"'),
    ):
        await bot.do_api_request("sendMessage", {"chat_id": ALICE, "text": "x", "colour": "red"})
    _refused(double, "sendMessage", "colour")
    assert double.sent == []


async def test_wrong_types_are_refused(double: TelegramDouble) -> None:
    async with httpx.AsyncClient(base_url=f"{double.base_url}/bot{double.token}") as client:

        async def call(method: str, **params: str) -> str:
            r = await client.post(f"/{method}", data=params)
            assert r.status_code == 400, r.text
            return str(r.json()["description"])

        assert "must be of type Integer" in await call(
            "editMessageText", chat_id=str(ALICE), message_id="first", text="x"
        )
        _refused(double, "message_id")
        assert "must be of type Boolean" in await call(
            "sendMessage", chat_id=str(ALICE), text="x", disable_notification="yes"
        )
        _refused(double, "disable_notification")
        button = '{"inline_keyboard": [[{"text": "a", "url": null, "callback_data": "b"}]]}'
        assert await call("sendMessage", chat_id=str(ALICE), text="x", reply_markup=button) == (
            'Bad Request: can\'t parse inline keyboard button: Field "url" must be of type String'
        )
        _refused(double, "url")
        assert await call("sendMessage", chat_id=str(ALICE), text="x", reply_markup="{oops") == (
            "Bad Request: can't parse reply keyboard markup JSON object"
        )
        _refused(double, "reply keyboard markup")
        scope = '{"type": "chat", "chat_id": "everyone", "extra": 1}'
        assert "unknown field" in await call(
            "setMyCommands", commands='[{"command": "a", "description": "b"}]', scope=scope
        )
        _refused(double, "setMyCommands")
    assert double.sent == []


async def test_callback_data_limit_is_64_bytes(double: TelegramDouble, bot: telegram.Bot) -> None:
    fits = "好" * 21 + "x"  # 63 + 1 bytes
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("听了", callback_data=fits)]])
    await bot.send_message(ALICE, "64 bytes", reply_markup=keyboard)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("听了", callback_data=fits + "x")]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(ALICE, "65 bytes", reply_markup=keyboard)
    _refused(double, "BUTTON_DATA_INVALID")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.edit_message_reply_markup(
            ALICE, double.sent[-1].message_id, reply_markup=keyboard
        )
    _refused(double, "editMessageReplyMarkup")
    with pytest.raises(BadRequest, match=r"(?i)Text buttons are unallowed"):
        await bot.send_message(
            ALICE, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("光秃秃")]])
        )
    _refused(double, "Text buttons")
    assert [m.text for m in double.sent] == ["64 bytes"]


async def test_text_length_counts_utf16_after_parsing(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    await bot.send_message(ALICE, "😀" * 2048)  # 4096 UTF-16 code units, 2048 characters
    await bot.send_message(ALICE, "中" * 4096)
    await bot.send_message(ALICE, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ALICE, "😀" * 2048 + "a")
    _refused(double, "message is too long")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ALICE, "&amp;" * 4097, parse_mode="HTML")
    _refused(double, "message is too long")
    first = double.sent[0].message_id
    with pytest.raises(BadRequest, match=r"(?i)MESSAGE_TOO_LONG"):
        await bot.edit_message_text("中" * 4097, ALICE, first)
    _refused(double, "editMessageText", "MESSAGE_TOO_LONG")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(ALICE, "<b> </b>", parse_mode="HTML")
    _refused(double, "text is empty")
    assert len(double.sent) == 3


async def test_caption_and_callback_answer_limits(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    voice = await bot.send_voice(ALICE, OGG, caption="😀" * 512)  # 1024 code units
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_voice(ALICE, OGG, caption="😀" * 512 + "a")
    _refused(double, "sendVoice", "caption is too long")
    assert voice.voice is not None
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.copy_message(ALICE, ALICE, voice.message_id, caption="字" * 1025)
    _refused(double, "copyMessage")

    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("听了", callback_data="heard")]])
    msg = await bot.send_message(GROUP, "lesson", reply_markup=keyboard)
    first = double.press_button(GROUP, BOB, msg.message_id, "heard")
    second = double.press_button(GROUP, BOB, msg.message_id, "heard")
    assert await bot.answer_callback_query(first, "好" * 200)
    with pytest.raises(BadRequest, match=r"(?i)MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(second, "好" * 201)
    _refused(double, "answerCallbackQuery")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>粗</b> <i>斜</i> <a href='https://t.me'>链</a>", "粗 斜 链"),
        ("1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;&#20320;&#x597D;", '1 < 2 && 3 > 2 "你好'),
        ('<span class="tg-spoiler">秘</span><tg-spoiler>密</tg-spoiler>', "秘密"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
    ],
)
async def test_html_that_telegram_accepts(
    double: TelegramDouble, bot: telegram.Bot, text: str, shown: str
) -> None:
    msg = await bot.send_message(ALICE, text, parse_mode="HTML")
    assert msg.text == shown


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("<b>粗", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<script>x</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("a < b", "Unexpected end of name token at byte offset 2"),
        ("王 & 李", "unescaped '&' at byte offset 4"),
        ("a > b", "unescaped '>' at byte offset 2"),
        ("&nbsp;", "unescaped '&'"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_html_that_telegram_refuses(
    double: TelegramDouble, bot: telegram.Bot, text: str, why: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(ALICE, text, parse_mode="HTML")
    _refused(double, "can't parse entities: " + why)
    assert double.sent == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("*粗* _斜_ __下__ ~删~ ||隐||", "粗 斜 下 删 隐"),
        ("第1课\\. 完成\\!", "第1课. 完成!"),
        ("[链接](https://t.me/x_\\)y)", "链接"),
        ("`a.b_c` ```python\nprint(1)```", "a.b_c print(1)"),
        (">引用\n正文", "引用\n正文"),
    ],
)
async def test_markdown_v2_that_telegram_accepts(
    double: TelegramDouble, bot: telegram.Bot, text: str, shown: str
) -> None:
    msg = await bot.send_message(ALICE, text, parse_mode="MarkdownV2")
    assert msg.text == shown


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("第1课. 完成", "Character '.' is reserved"),
        ("a-b", "Character '-' is reserved"),
        ("1 + 1 = 2", "Character '+' is reserved"),
        ("*粗", "Can't find end of Bold entity at byte offset 0"),
        ("x `code", "Can't find end of Code entity at byte offset 2"),
        ("x > y", "Character '>' is reserved"),
    ],
)
async def test_markdown_v2_that_telegram_refuses(
    double: TelegramDouble, bot: telegram.Bot, text: str, why: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(ALICE, text, parse_mode="MarkdownV2")
    _refused(double, why)


async def test_parse_mode_and_commands_rules(double: TelegramDouble, bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_message(ALICE, "x", parse_mode="BBCode")
    _refused(double, "unsupported parse_mode")
    with pytest.raises(BadRequest, match=r"(?i)Can't find end of the entity"):
        await bot.send_message(ALICE, "*粗", parse_mode="Markdown")
    _refused(double, "Can't find end of the entity")
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Start", "开始")])
    _refused(double, "BOT_COMMAND_INVALID")
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_DESCRIPTION_INVALID"):
        await bot.set_my_commands([("start", "长" * 257)])
    _refused(double, "BOT_COMMAND_DESCRIPTION_INVALID")


async def test_ordinary_refusals_are_not_violations(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    """A blocked user or a missing chat is Telegram's answer to a valid call, not a bot bug."""
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-4242, "hi")
    with pytest.raises(Forbidden):
        await bot.send_message(BOB, "hi")
    msg = await bot.send_message(ALICE, "same")
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("same", ALICE, msg.message_id)
    assert double.violations == []


async def test_web_app_buttons_work_only_in_private_chats(
    double: TelegramDouble, bot: telegram.Bot
) -> None:
    app = InlineKeyboardMarkup(
        [[InlineKeyboardButton("📊 看板", web_app=WebAppInfo("https://lesson.example.org/app/"))]]
    )
    await bot.send_message(ALICE, "private", reply_markup=app)
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_TYPE_INVALID"):
        await bot.send_message(GROUP, "group", reply_markup=app)
    _refused(double, "BUTTON_TYPE_INVALID")
    plain = await bot.send_message(GROUP, "group, plain")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_TYPE_INVALID"):
        await bot.edit_message_reply_markup(GROUP, plain.message_id, reply_markup=app)
    _refused(double, "BUTTON_TYPE_INVALID")
    assert [m.text for m in double.sent] == ["private", "group, plain"]
