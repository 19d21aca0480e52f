"""Cancellation and changes in chat: the executor asks, the project manager decides from the
message or the card; a cancelled request's approval buttons stop working everywhere."""

from __future__ import annotations

from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator as Label

from bot.callbacks import CardCb
from flows.enums import ChangeStatus, Decision, Role, Status
from flows.services import cancel
from sandbox.botapi.htmltext import parse_html
from tests.bot.conftest import BotEnv
from tests.bot.decisions_kit import (
    APPROVE,
    approval_message,
    awaiting_winner,
    buttons,
    cancel_message,
    current,
    has_approval_buttons,
    labels,
    press,
)
from tests.support import lifecycle as lc


def visible(message) -> str:
    return parse_html(message.text or "", strict=True)[0]


async def open_card(env: BotEnv, who: str, request_id: int):
    await env.press(who, CardCb(request_id=request_id).pack())
    return env.last(who)


async def tap(env: BotEnv, who: str, label: str) -> None:
    await env.client(who).click(env.last(who), Label(label))


async def test_the_executor_asks_to_cancel_from_the_card_and_the_manager_agrees_by_message(
    bot_env: BotEnv,
) -> None:
    co = bot_env.company
    request_id, seats = await awaiting_winner(bot_env)
    director_copy = approval_message(bot_env, "director", seats[Role.executive_director].id)
    card = await open_card(bot_env, "executor", request_id)
    assert "🛑 Запросить отмену" in labels(card)

    await bot_env.client("executor").click(card, Label("🛑 Запросить отмену"))
    await bot_env.client("executor").send("Объект заморожен")
    assert visible(bot_env.last("executor")).startswith("✅ Запрос на отмену отправлен")
    assert (await lc.request_row(co, request_id)).status == Status.cancellation_requested

    await bot_env.deliver()
    message = cancel_message(bot_env, "pm", request_id)
    assert "Причина: Объект заморожен" in visible(message)
    await press(bot_env, "pm", message, "Отменить заявку")

    assert (await lc.request_row(co, request_id)).status == Status.cancelled
    assert visible(current(bot_env, message)).endswith(
        f"❌ Заявка Т-{request_id:06d} отменена: Pm, 02.03.2026 10:00."
    )
    assert buttons(current(bot_env, message)) == []
    shown = current(bot_env, director_copy)
    assert not has_approval_buttons(shown)
    assert visible(shown).endswith("сейчас в статусе «отменена».")
    assert await lc.approvals(co, request_id, decision=Decision.pending) == []


async def test_the_manager_keeps_the_request_with_a_reason(bot_env: BotEnv) -> None:
    co = bot_env.company
    request_id = await lc.in_work(co)
    await cancel.request_cancel(co.deps, co.ref("executor"), request_id, reason="Не нужна")
    await bot_env.deliver()
    message = cancel_message(bot_env, "pm", request_id)

    await press(bot_env, "pm", message, "Не отменять")
    await bot_env.client("pm").send(" ")
    assert "Причина обязательна" in visible(bot_env.last("pm"))
    await bot_env.client("pm").send("Груз всё ещё нужен")

    assert visible(bot_env.last("pm")).startswith("↩️ Заявка остаётся в работе")
    request = await lc.request_row(co, request_id)
    assert request.status == Status.in_work
    assert visible(current(bot_env, message)).endswith(
        "↩️ Заявка не отменена: Pm, 02.03.2026 10:00.\nПричина: Груз всё ещё нужен"
    )
    await press(bot_env, "pm", message, "Отменить заявку")
    assert bot_env.alerts("pm")[-1] == f"Заявка Т-{request_id:06d} сейчас в статусе «в работе»."
    assert (await lc.request_row(co, request_id)).status == Status.in_work


async def test_the_project_manager_cancels_directly_and_open_approvals_stop_working(
    bot_env: BotEnv,
) -> None:
    co = bot_env.company
    request_id, seats = await awaiting_winner(bot_env)
    security_copy = approval_message(bot_env, "security", seats[Role.security].id)
    card = await open_card(bot_env, "pm", request_id)

    await bot_env.client("pm").click(card, Label("❌ Отменить заявку"))
    await bot_env.client("pm").send("Заказчик отказался")
    assert visible(bot_env.last("pm")).startswith("❌ Заявка отменена.")

    assert (await lc.request_row(co, request_id)).status == Status.cancelled
    assert not has_approval_buttons(current(bot_env, security_copy))
    await press(bot_env, "security", security_copy, APPROVE)
    assert bot_env.alerts("security")[-1] == (
        "Это решение больше не требуется: заявка уже перешла дальше."
    )


async def test_the_manager_may_also_decide_a_cancellation_on_the_card(bot_env: BotEnv) -> None:
    co = bot_env.company
    request_id = await lc.in_work(co)
    await cancel.request_cancel(co.deps, co.ref("executor"), request_id, reason="Не нужна")
    await bot_env.deliver()
    card = await open_card(bot_env, "pm", request_id)
    assert {"✅ Согласовать отмену", "↩️ Оставить заявку", "❌ Отменить заявку"} <= set(
        labels(card)
    )

    await bot_env.client("pm").click(card, Label("✅ Согласовать отмену"))
    await tap(bot_env, "pm", "✅ Да")

    assert visible(bot_env.last("pm")).startswith("✅ Заявка отменена.")
    assert (await lc.request_row(co, request_id)).status == Status.cancelled
    assert buttons(current(bot_env, cancel_message(bot_env, "pm", request_id))) == []


async def test_a_change_over_budget_tells_that_the_director_approves_too(bot_env: BotEnv) -> None:
    co = bot_env.company
    request_id = await lc.awaiting_payment(co)
    await bot_env.deliver()
    executor = bot_env.client("executor")
    card = await open_card(bot_env, "executor", request_id)

    await executor.click(card, Label("✏️ Изменить срок или сумму"))
    assert "Сейчас: 19.03.2026" in visible(bot_env.last("executor"))
    await executor.send("25.03")
    await executor.send("160 000")
    await executor.send("Перевозчик поднял цену: <простой>")
    confirm = visible(bot_env.last("executor"))
    assert "Новый срок: 25.03.2026 (сейчас 19.03.2026)" in confirm
    assert "Новая сумма: 160 000,00 ₽ (сейчас согласовано 140 000,00 ₽" in confirm
    assert "превышает бюджет на 10 000,00 ₽: согласуют руководитель проекта и исполнительный" in (
        confirm
    )
    await tap(bot_env, "executor", "📤 Отправить")

    assert visible(bot_env.last("executor")).startswith(
        "✅ Отправлено на согласование руководителю проекта и исполнительному директору."
    )
    change_approvals = await lc.approvals(co, request_id, purpose="change")
    assert sorted(a.role for a in change_approvals) == ["executive_director", "project_manager"]
    await bot_env.deliver()
    pm_message = approval_message(bot_env, "pm", seats_of(change_approvals, "project_manager"))
    text = visible(pm_message)
    assert "Срок: 19.03.2026 → 25.03.2026" in text
    assert "Сумма: 140 000,00 ₽ → 160 000,00 ₽" in text
    assert "Превышение бюджета на 10 000,00 ₽: нужно согласование исполнительного" in text

    await press(bot_env, "pm", pm_message, APPROVE)
    assert (await lc.request_row(co, request_id)).amount_kop == 140_000_00
    ed = seats_of(change_approvals, "executive_director")
    await press(bot_env, "director", approval_message(bot_env, "director", ed), APPROVE)

    request = await lc.request_row(co, request_id)
    assert (request.amount_kop, str(request.required_date)) == (160_000_00, "2026-03-25")
    change = await lc.change_row(co, change_approvals[0].change_id)
    assert change.status == ChangeStatus.approved


def seats_of(approvals, role: str) -> int:
    return next(a.id for a in approvals if a.role == role)


async def test_a_change_within_budget_goes_to_the_project_manager_alone(bot_env: BotEnv) -> None:
    co = bot_env.company
    request_id = await lc.awaiting_payment(co)
    executor = bot_env.client("executor")
    await executor.click(await open_card(bot_env, "executor", request_id), Label("✏️.*"))

    await tap(bot_env, "executor", "Срок не менять ▶")
    await tap(bot_env, "executor", "Сумму не менять ▶")
    assert "Укажите новую дату или новую сумму." in visible(bot_env.last("executor"))
    await executor.send("145 тыс")
    await executor.send("Доплата за ожидание")
    assert "Согласует руководитель проекта." in visible(bot_env.last("executor"))
    await tap(bot_env, "executor", "📤 Отправить")

    change_approvals = await lc.approvals(co, request_id, purpose="change")
    assert [a.role for a in change_approvals] == ["project_manager"]
