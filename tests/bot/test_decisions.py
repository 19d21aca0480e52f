"""One-tap approvals in chat: deciding from the message, every copy updated afterwards, and
each refusal (second press, moved on, role removed, own request, no reason, forged id)."""

from __future__ import annotations

from flows.enums import Decision, Role, Status
from flows.services import cancel
from sandbox.botapi.htmltext import parse_html
from tests.bot.conftest import BotEnv
from tests.bot.decisions_kit import (
    APPROVE,
    REJECT,
    approval_message,
    awaiting_winner,
    current,
    has_approval_buttons,
    labels,
    press,
)
from tests.support import lifecycle as lc


def visible(message) -> str:
    return parse_html(message.text or "", strict=True)[0]


async def test_the_approval_message_shows_the_request_the_winner_and_the_comparison(
    bot_env: BotEnv,
) -> None:
    request_id, seats = await awaiting_winner(bot_env, prices=(160_000_00, 170_000_00))

    text = visible(approval_message(bot_env, "pm", seats[Role.project_manager].id))

    assert f"Заявка Т-{request_id:06d}: согласуйте победителя тендера." in text
    assert "Проект: P-1 Монтаж пресса" in text
    assert "Маршрут: Кемерово, ул. Заводская, 1 → Новокузнецк, пр. Металлургов, 5" in text
    assert "Груз: Пресс, 12 500 кг" in text
    assert "Победитель: Перевозчик 0 — 160 000,00 ₽ (с НДС)" in text
    assert "Сравнение ставок (2):\n1. Перевозчик 0 — 160 000,00 ₽ ✅\n" in text
    assert "2. Перевозчик 1 — 170 000,00 ₽ (+10 000,00 ₽)" in text
    assert "Превышение бюджета на 10 000,00 ₽." in text


async def test_approving_records_the_decision_and_this_message_shows_it_without_buttons(
    bot_env: BotEnv,
) -> None:
    request_id, seats = await awaiting_winner(bot_env)
    pm_seat = seats[Role.project_manager]
    message = approval_message(bot_env, "pm", pm_seat.id)

    await press(bot_env, "pm", message, APPROVE)

    [row] = [a for a in await lc.approvals(bot_env.company, request_id) if a.id == pm_seat.id]
    assert (row.decision, row.decided_by) == (Decision.approved, bot_env.company.id("pm"))
    shown = current(bot_env, message)
    assert not has_approval_buttons(shown)
    assert visible(shown).endswith("✅ Согласовано: Pm, 02.03.2026 10:00.")
    assert bot_env.alerts("pm")[-1] == "Согласовано."
    # The others still decide.
    assert has_approval_buttons(
        approval_message(bot_env, "director", seats[Role.executive_director].id)
    )


async def test_the_last_approval_moves_the_request_and_every_copy_loses_its_buttons(
    bot_env: BotEnv,
) -> None:
    co = bot_env.company
    await lc.set_roles(co, "pm2", {Role.project_manager, Role.executive_director})
    request_id, seats = await awaiting_winner(bot_env)
    ed = seats[Role.executive_director].id
    other_copy = approval_message(bot_env, "pm2", ed)

    await press(
        bot_env, "pm", approval_message(bot_env, "pm", seats[Role.project_manager].id), APPROVE
    )
    await press(
        bot_env,
        "security",
        approval_message(bot_env, "security", seats[Role.security].id),
        APPROVE,
    )
    assert has_approval_buttons(current(bot_env, other_copy))
    await press(bot_env, "director", approval_message(bot_env, "director", ed), APPROVE)

    assert (await lc.request_row(co, request_id)).status == Status.awaiting_payment
    for who, approval_id in (
        ("director", ed),
        ("pm2", ed),
        ("pm", seats[Role.project_manager].id),
    ):
        shown = current(bot_env, approval_message(bot_env, who, approval_id))
        assert not has_approval_buttons(shown), who
    assert visible(current(bot_env, other_copy)).endswith(
        "✅ Согласовано: Director, 02.03.2026 10:00."
    )

    # The other holder of the role, pressing their stale copy, learns who decided.
    await press(bot_env, "pm2", other_copy, APPROVE)
    assert bot_env.alerts("pm2") == ["Решение уже принято: Director, 02.03.2026 10:00."]


async def test_a_rejection_asks_for_the_reason_and_settles_the_round_in_every_copy(
    bot_env: BotEnv,
) -> None:
    co = bot_env.company
    request_id, seats = await awaiting_winner(bot_env)
    message = approval_message(bot_env, "pm", seats[Role.project_manager].id)

    await press(bot_env, "pm", message, REJECT)
    prompt = bot_env.last("pm")
    assert "Отклонение: заявка" in visible(prompt)
    await bot_env.client("pm").send("   ")
    assert "Причина обязательна" in visible(bot_env.last("pm"))
    assert (await lc.approvals(co, request_id, decision=Decision.rejected)) == []

    await bot_env.client("pm").send("Дорого, <b>поищите</b> ещё")

    assert visible(bot_env.last("pm")).startswith("❌ Отклонено. Причина отправлена.")
    request = await lc.request_row(co, request_id)
    assert request.winner_rejection == "Дорого, <b>поищите</b> ещё"
    assert visible(current(bot_env, message)).endswith(
        "❌ Отклонено: Pm, 02.03.2026 10:00.\nПричина: Дорого, <b>поищите</b> ещё"
    )
    for who, role in (("director", Role.executive_director), ("security", Role.security)):
        shown = current(bot_env, approval_message(bot_env, who, seats[role].id))
        assert not has_approval_buttons(shown)
        assert visible(shown).endswith("— Больше не требуется: отклонено, Pm, 02.03.2026 10:00.")
    await bot_env.deliver()
    assert bot_env.texts("executor")[-1] == (
        f"🔴 Победитель по заявке Т-{request_id:06d} отклонён.\n"
        "Причина: Дорого, &lt;b&gt;поищите&lt;/b&gt; ещё"
    )


async def test_a_second_press_says_when_you_decided_and_removes_the_buttons(
    bot_env: BotEnv,
) -> None:
    request_id, seats = await awaiting_winner(bot_env)
    message = approval_message(bot_env, "pm", seats[Role.project_manager].id)
    await press(bot_env, "pm", message, APPROVE)

    # The old copy of the message, buttons and all, pressed again (a slow client).
    await press(bot_env, "pm", message, APPROVE)

    assert bot_env.alerts("pm")[-1] == "Вы уже приняли решение 02.03.2026 10:00."
    assert not has_approval_buttons(current(bot_env, message))
    rows = [
        r for r in await lc.log_rows(bot_env.company, request_id) if r.action == "approve_winner"
    ]
    assert len(rows) == 1


async def test_pressing_after_the_request_moved_on_shows_its_state_and_the_card(
    bot_env: BotEnv,
) -> None:
    co = bot_env.company
    request_id, seats = await awaiting_winner(bot_env)
    message = approval_message(bot_env, "director", seats[Role.executive_director].id)
    await cancel.cancel(co.deps, co.ref("pm"), request_id, reason="Проект закрыт")

    await press(bot_env, "director", message, APPROVE)

    assert bot_env.alerts("director")[-1] == (
        "Это решение больше не требуется: заявка уже перешла дальше."
    )
    shown = current(bot_env, message)
    assert labels(shown) == ["Открыть заявку"]
    assert visible(shown).endswith(f"заявка Т-{request_id:06d} сейчас в статусе «отменена».")


async def test_a_person_whose_role_was_removed_cannot_use_buttons_sent_before(
    bot_env: BotEnv,
) -> None:
    co = bot_env.company
    request_id, seats = await awaiting_winner(bot_env)
    message = approval_message(bot_env, "director", seats[Role.executive_director].id)
    await lc.set_roles(co, "director", {Role.initiator})

    await press(bot_env, "director", message, APPROVE)
    await press(bot_env, "director", message, REJECT)

    assert (
        bot_env.alerts("director")[-2:] == ["У вас больше нет роли, нужной для этого решения."] * 2
    )
    assert await lc.approvals(co, request_id, decision=Decision.approved) == []


async def test_nobody_approves_their_own_request_even_with_a_forged_button(
    bot_env: BotEnv,
) -> None:
    co = bot_env.company
    request_id, _ = await lc.in_winner_approval(co, who="pm")
    [ed] = [a for a in await lc.approvals(co, request_id) if a.role == "executive_director"]

    await bot_env.press("pm", f"ap:{ed.id}:1")
    await bot_env.press("pm", f"ap:{ed.id}:0")

    assert bot_env.alerts("pm") == ["Нельзя согласовывать собственную заявку."] * 2
    assert await lc.approvals(co, request_id, decision=Decision.pending) != []


async def test_forged_approval_ids_change_nothing(bot_env: BotEnv) -> None:
    co = bot_env.company
    request_id, seats = await awaiting_winner(bot_env)

    await bot_env.press("pm", "ap:999999:1")
    await bot_env.press("director", f"ap:{seats[Role.project_manager].id}:1")
    await bot_env.press("initiator", f"ap:{seats[Role.executive_director].id}:1")
    await bot_env.press("pm", "ap:x:1")

    assert bot_env.alerts("pm")[0] == "Решение не найдено."
    assert bot_env.alerts("director") == ["Это решение назначено другому сотруднику."]
    assert bot_env.alerts("initiator") == ["Нельзя согласовывать собственную заявку."]
    assert len(bot_env.alerts("pm")) == 2
    pending = await lc.approvals(co, request_id, decision=Decision.pending)
    assert len(pending) == 3
