"""A newcomer asks for access from the chat; an administrator decides with one tap."""

from __future__ import annotations

import pytest
from aiogram.types import Message, PhotoSize, Sticker
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator as Label
from sqlmodel import col, select

from bot.callbacks import AccessCb, pack_access
from flows.enums import AccessStatus, Department, Role
from flows.services.access import ensure_admins, set_roles
from storage.tables import AccessRequest, Outbox, User
from tests.bot.conftest import BotEnv

NAME, POSITION = "Петрова Анна Сергеевна", "Инженер ПТО"
PENDING = "Ваш запрос на доступ на рассмотрении"


def buttons(message: Message) -> list[str]:
    markup = message.reply_markup
    return [b.text for row in markup.inline_keyboard for b in row] if markup else []


async def register(env: BotEnv, tg_id: int) -> AccessRequest:
    person = env.client(tg_id)
    await person.send("/start")
    await person.send(NAME)
    await person.send(POSITION)
    async with env.deps.uow() as uow:
        access = await uow.people.pending_access(tg_id)
    assert access is not None
    return access


async def request_message(env: BotEnv, admin: str = "admin") -> Message:
    await env.deliver()
    message = env.last(admin)
    assert "Запрос на доступ" in (message.text or "")
    return message


async def user_by_tg(env: BotEnv, tg_id: int) -> User | None:
    async with env.deps.uow() as uow:
        return await uow.people.by_tg(tg_id)


async def test_newcomer_registers_and_the_admin_grants_the_initiator_role(
    bot_env: BotEnv, newcomer_id: int
) -> None:
    anna, admin = bot_env.client(newcomer_id), bot_env.client("admin")

    await anna.send("/start")
    assert "Ваши фамилия, имя и отчество?" in bot_env.last(anna).text
    await anna.send(NAME)
    assert "Ваша должность?" in bot_env.last(anna).text
    await anna.send(POSITION)
    assert bot_env.last(anna).text.startswith(f"Спасибо, {NAME}!")

    offer = await request_message(bot_env)
    assert f"{NAME}, {POSITION}" in offer.text
    assert buttons(offer)[-2:] == ["Одобрить", "Отказать"]
    await admin.click(offer, Label("▫️ Инициатор"))
    assert "✅ Инициатор" in buttons(bot_env.last(admin))
    await admin.click(bot_env.last(admin), Label("Одобрить"))

    decided = bot_env.last(admin)
    assert decided.reply_markup is None
    assert "✅ Доступ открыл(а) Admin: инициатор." in decided.text
    assert bot_env.alerts("admin")[-1] == "Доступ открыт."
    assert await bot_env.deliver() == 1
    granted = bot_env.last(anna)
    assert granted.text == "Доступ открыт. Ваши роли: инициатор."
    await anna.click(granted, Label("Открыть меню"))
    assert "ваши роли: инициатор" in bot_env.last(anna).text

    user = await user_by_tg(bot_env, newcomer_id)
    assert user is not None and user.full_name == NAME and user.position == POSITION
    async with bot_env.deps.uow() as uow:
        assert await uow.people.roles(user.id) == {Role.initiator}


async def test_refused_newcomer_is_told_and_may_ask_again(
    bot_env: BotEnv, newcomer_id: int
) -> None:
    access = await register(bot_env, newcomer_id)
    admin = bot_env.client("admin")

    await admin.click(await request_message(bot_env), Label("Отказать"))
    await bot_env.deliver()

    assert "❌ Отказал(а) Admin." in bot_env.last(admin).text
    assert bot_env.last(newcomer_id).text.startswith("В доступе отказано.")
    async with bot_env.deps.uow() as uow:
        refused = await uow.people.access_request(access.id)
    assert refused is not None and refused.status == AccessStatus.refused
    assert await user_by_tg(bot_env, newcomer_id) is None
    await bot_env.client(newcomer_id).send("/start")
    assert "Ваши фамилия, имя и отчество?" in bot_env.last(newcomer_id).text


async def test_every_admin_copy_loses_its_buttons_and_a_late_admin_is_told_it_is_decided(
    bot_env: BotEnv, newcomer_id: int
) -> None:
    await ensure_admins(bot_env.deps, [777_001])
    await register(bot_env, newcomer_id)
    await bot_env.deliver()
    first, late = bot_env.client("admin"), bot_env.client(777_001)
    stale_copy = bot_env.last(777_001)

    await first.click(bot_env.last("admin"), Label("Отказать"))
    assert bot_env.last(777_001).reply_markup is None
    assert "❌ Отказал(а) Admin." in bot_env.last(777_001).text
    await late.click(stale_copy, Label("Одобрить"))

    assert bot_env.alerts(777_001) == ["По этому запросу на доступ уже принято решение."]
    assert await user_by_tg(bot_env, newcomer_id) is None


async def test_forged_access_buttons_change_nothing(bot_env: BotEnv, newcomer_id: int) -> None:
    access = await register(bot_env, newcomer_id)
    everyone = pack_access([Role.admin, Role.initiator])
    forged = AccessCb(access_id=access.id, mask=everyone, act="ok").pack()

    await bot_env.press("initiator", forged)
    await bot_env.press(newcomer_id, forged)
    await bot_env.press("admin", AccessCb(access_id=99_999, mask=everyone, act="ok").pack())
    await bot_env.press("admin", AccessCb(access_id=access.id, mask=0, act="r99").pack())
    await bot_env.press("admin", AccessCb(access_id=access.id, mask=0, act="ok").pack())

    assert bot_env.alerts("initiator") == ["Это может сделать только администратор."]
    assert bot_env.alerts(newcomer_id) == [
        "Вы ещё не зарегистрированы. Отправьте /start, чтобы запросить доступ."
    ]
    assert bot_env.alerts("admin") == [
        "Запрос на доступ не найден.",
        "Эта кнопка недействительна. Пользуйтесь кнопками сообщения.",
        "Выберите хотя бы одну роль.",
    ]
    async with bot_env.deps.uow() as uow:
        still = await uow.people.access_request(access.id)
    assert still is not None and still.status == AccessStatus.pending


async def test_an_executor_gets_a_department_before_approval(
    bot_env: BotEnv, newcomer_id: int
) -> None:
    await register(bot_env, newcomer_id)
    admin = bot_env.client("admin")
    await admin.click(await request_message(bot_env), Label("▫️ Исполнитель"))
    assert "⚪️ Логистика" in buttons(bot_env.last(admin))

    await admin.click(bot_env.last(admin), Label("Одобрить"))
    assert bot_env.alerts("admin")[-1] == "Выберите отдел исполнителя или руководителя."
    await admin.click(bot_env.last(admin), Label("⚪️ Закупки"))
    assert "🔘 Закупки" in buttons(bot_env.last(admin))
    await admin.click(bot_env.last(admin), Label("Одобрить"))

    assert "Отдел: закупки." in bot_env.last(admin).text
    user = await user_by_tg(bot_env, newcomer_id)
    assert user is not None and user.department == Department.procurement


async def test_a_pending_person_is_told_to_wait_whatever_they_send(
    bot_env: BotEnv, newcomer_id: int
) -> None:
    await register(bot_env, newcomer_id)
    person = bot_env.client(newcomer_id)

    for text in ("/start", "/menu", "/new", "привет"):
        await person.send(text)
        assert bot_env.last(person).text.startswith(PENDING), text
    await bot_env.press(newcomer_id, "zz:1")

    assert bot_env.alerts(newcomer_id)[-1].startswith(PENDING)
    async with bot_env.deps.uow() as uow:
        rows = (await uow.session.exec(select(AccessRequest))).all()
    assert len(rows) == 1


async def test_a_stranger_is_sent_to_start(bot_env: BotEnv, newcomer_id: int) -> None:
    await bot_env.client(newcomer_id).send("что это?")
    await bot_env.press(newcomer_id, "zz:5")

    assert bot_env.last(newcomer_id).text == "Отправьте /start, чтобы запросить доступ."
    assert bot_env.alerts(newcomer_id) == ["Отправьте /start, чтобы запросить доступ."]


async def test_a_switched_off_person_is_refused_everywhere_at_once(bot_env: BotEnv) -> None:
    anna = bot_env.client("initiator")
    await anna.send("/menu")
    old_menu = bot_env.last(anna)

    await set_roles(
        bot_env.deps,
        bot_env.company.ref("admin"),
        bot_env.company.id("initiator"),
        [Role.initiator],
        active=False,
    )

    off = "Ваш доступ отключён. Обратитесь к администратору."
    for text in ("/start", "/menu", "/new", "/my", "просто текст"):
        await anna.send(text)
        assert bot_env.last(anna).text == off, text
    await anna.click(old_menu, Label("Мои заявки"))
    assert bot_env.alerts("initiator") == [off]


@pytest.mark.parametrize(
    ("answer", "refusal"),
    [
        ("Анна", "Напишите фамилию, имя и отчество, например: Иванов Иван Иванович."),
        ("Петрова 2 Анна", "В ФИО только буквы (дефис можно). Например: Петрова-Водкина Анна."),
        ("Иванов " + "о" * 100, "Слишком длинно для ФИО: не больше 100 символов."),
    ],
    ids=["one word", "digits", "too long"],
)
async def test_a_bad_name_is_refused_with_an_example(
    bot_env: BotEnv, newcomer_id: int, answer: str, refusal: str
) -> None:
    person = bot_env.client(newcomer_id)
    await person.send("/start")

    await person.send(answer)

    assert bot_env.last(person).text == refusal
    await person.send("Петрова-Водкина Анна")
    assert "Ваша должность?" in bot_env.last(person).text


@pytest.mark.parametrize(
    ("answer", "refusal"),
    [
        ("1", "Напишите должность словами, например: инженер ПТО."),
        ("42-7", "Напишите должность словами, например: инженер ПТО."),
        ("/boss", "Напишите должность словами, например: инженер ПТО."),
        ("инженер " * 13, "Слишком длинно для должности: не больше 100 символов."),
    ],
    ids=["one digit", "numbers only", "command", "too long"],
)
async def test_a_bad_position_is_refused_with_an_example(
    bot_env: BotEnv, newcomer_id: int, answer: str, refusal: str
) -> None:
    person = bot_env.client(newcomer_id)
    await person.send("/start")
    await person.send(NAME)

    await person.send(answer)

    assert bot_env.last(person).text == refusal
    async with bot_env.deps.uow() as uow:
        assert await uow.people.pending_access(newcomer_id) is None


async def test_a_photo_or_sticker_instead_of_an_answer_asks_for_text(
    bot_env: BotEnv, newcomer_id: int
) -> None:
    await bot_env.client(newcomer_id).send("/start")

    photo = [PhotoSize(file_id="p", file_unique_id="p", width=10, height=10)]
    await bot_env.send_message(newcomer_id, photo=photo)
    assert bot_env.last(newcomer_id).text == "Пожалуйста, ответьте текстом."
    sticker = Sticker(
        file_id="s",
        file_unique_id="s",
        type="regular",
        width=1,
        height=1,
        is_animated=False,
        is_video=False,
    )
    await bot_env.send_message(newcomer_id, sticker=sticker)

    assert bot_env.texts(newcomer_id)[-2:] == ["Пожалуйста, ответьте текстом."] * 2
    async with bot_env.deps.uow() as uow:
        assert await uow.people.pending_access(newcomer_id) is None


async def test_access_request_reaches_every_admin_and_nobody_else(
    bot_env: BotEnv, newcomer_id: int
) -> None:
    access = await register(bot_env, newcomer_id)

    async with bot_env.deps.uow() as uow:
        query = select(Outbox).where(col(Outbox.purpose) == f"access:{access.id}")
        rows = (await uow.session.exec(query)).all()
    assert [r.recipient_id for r in rows] == [bot_env.company.id("admin")]


async def test_the_admin_copy_is_edited_even_when_it_was_not_recorded(
    bot_env: BotEnv, newcomer_id: int
) -> None:
    access = await register(bot_env, newcomer_id)
    approve = AccessCb(access_id=access.id, mask=pack_access([Role.security]), act="ok")
    unrecorded = await bot_env.bot.send_message(bot_env.tg_id("admin"), "Запрос на доступ")

    await bot_env.press("admin", approve.pack(), message=unrecorded)

    assert "служба безопасности" in bot_env.last("admin").text
    assert await bot_env.deliver() == 1  # only the newcomer's «access granted»
    assert bot_env.last("admin").message_id == unrecorded.message_id
