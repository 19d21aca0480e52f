"""Long requests are paged, never cut: a 3000-character comment and 60 items."""

from __future__ import annotations

import re

import pytest

from flows.drafts import ItemData
from flows.services import templates
from tests.bot.conftest import BotEnv
from tests.bot.new_request_kit import (
    HOSTILE,
    Filer,
    add_reference,
    assert_fits,
    assert_short_callbacks,
    labels,
    latest_request,
)
from tests.support.factories import procurement_draft

COMMENT = " ".join(f"{n}:{HOSTILE}" for n in range(60))[:3000]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
async def f(bot_env: BotEnv) -> Filer:
    await add_reference(bot_env.deps)
    co = bot_env.company
    draft = procurement_draft(co)
    draft.items = [ItemData(f"Позиция №{n} <арт. {n}>", n, "шт") for n in range(1, 61)]
    await templates.save_template(co.deps, co.ref("initiator"), "Большая", draft)
    filer = Filer(bot_env)
    await filer.type("/new")
    await filer.tap("📋 По шаблону")
    await filer.tap("📦 Большая")
    await filer.tap("✅ Заполнить по нему")
    await filer.tap("✏️ Комментарий")
    await filer.type(COMMENT)
    return filer


async def test_the_summary_of_a_long_request_fits_one_message_and_offers_the_full_text(f: Filer):
    assert len(COMMENT) == 3000
    assert_fits(f.screen)
    assert f.sees("5. Позиция №5 <арт. 5> — 5 шт", "… и ещё 55")
    assert "📄 Показать полностью" in labels(f.screen)
    assert COMMENT not in f.text


async def test_the_full_text_is_paged_and_holds_every_character(f: Filer):
    await f.tap("📄 Показать полностью")
    pages = [f.text]
    [total] = [int(label.split(" / ")[1]) for label in labels(f.screen) if " / " in label]
    for _ in range(total - 1):
        await f.tap("▶")
        assert_fits(f.screen)
        pages.append(f.text)
    assert total > 1 and f"{total} / {total}" in labels(f.screen)
    whole = squeeze("".join(pages))
    assert squeeze(COMMENT) in whole
    assert all(squeeze(f"{n}. Позиция №{n} <арт. {n}> — {n} шт") in whole for n in range(1, 61))
    await f.tap("◀ К сводке")
    assert f.sees("Заявка на закупку ТМЦ")


async def test_the_item_list_is_paged_ten_at_a_time(f: Filer):
    await f.tap("✏️ Позиции")
    assert f.sees("Позиции (60)", "10. Позиция №10") and "11. Позиция" not in f.text
    assert "1 / 6" in labels(f.screen)
    await f.tap("▶")
    assert f.sees("11. Позиция №11", "20. Позиция №20") and "21. Позиция" not in f.text
    await f.tap(r"✏️ 12\. .*")
    assert f.sees("Позиция 12", "Позиция №12 <арт. 12> — 12 шт")
    await f.tap("🗑 Удалить позицию")
    assert f.sees("Позиции (59)")
    await f.tap("Далее ▶")
    await f.tap("✅ Отправить")
    await f.type("/new")  # the draft stays in the database meanwhile
    draft = await latest_request(f.env.deps)
    async with f.env.deps.uow() as uow:
        items = await uow.requests.items(draft.id)
    assert draft.comment == COMMENT
    assert len(items) == 59 and "№12 " not in " ".join(i.name for i in items)
    assert_short_callbacks(f.env)
