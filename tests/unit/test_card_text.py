"""The card text: what it says, escaping of typed text, money, and pages that never cut."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dialogs.card import Ctx, format_rub, paginate, render_card, render_history, utf16_len
from flows.actor import Actor
from flows.views import RequestCard
from sandbox.botapi.htmltext import parse_html
from storage.tables import (
    Approval,
    Bid,
    Cargo,
    ClosingDocument,
    Request,
    RequestItem,
    RoutePoint,
    TransitionLog,
)

T0 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
NASTY = "<b>Пресс</b> & *жирный* _курсив_ `код` [ссылка](x) &amp; 🚚👷‍♂️"
RU = Ctx("ru", "Europe/Moscow")


def make_card(**changes: object) -> RequestCard:
    request = Request(
        id=7,
        number="Т-000123",
        kind="transport",
        status="in_work",
        initiator_id=1,
        executor_id=2,
        loading_date=date(2026, 3, 4),
        required_date=date(2026, 3, 6),
        estimated_cost_kop=150_000_50,
        is_emergency=True,
        emergency_lead_days=3,
        emergency_deadline=datetime(2026, 3, 4, 6, 0, tzinfo=UTC),
        created_at=T0,
        updated_at=T0,
        submitted_at=T0,
    )
    card = RequestCard(
        request=request,
        actor=Actor(1, "Иванов"),
        route=[
            RoutePoint(request_id=7, seq=0, kind="loading", address="Кемерово, ул. Заводская, 1"),
            RoutePoint(request_id=7, seq=1, kind="unloading", address="Новокузнецк"),
        ],
        cargo=Cargo(request_id=7, description="Пресс", weight_kg=12_500, places=1, heavy=True),
        names={1: "Иванов Иван", 2: "Петров Пётр", 3: "Сидоров Сидор"},
        project_name="P-1 Монтаж пресса",
        next_step="The executor starts a tender.",
        waiting_for=["Петров Пётр"],
    )
    for name, value in changes.items():
        setattr(card, name, value)
    return card


def visible(pages: list[str]) -> str:
    """What the person reads: each page parsed the way Telegram parses HTML, joined."""
    return "\n".join(parse_html(page)[0] for page in pages)


def test_rubles_have_grouped_thousands_and_kopecks():
    assert format_rub(150_000_50) == "150 000,50 ₽"
    assert format_rub(80_000_00) == "80 000,00 ₽"
    assert format_rub(5) == "0,05 ₽"
    assert format_rub(-1_234_567_89) == "-1 234 567,89 ₽"


def test_card_names_the_request_its_state_and_what_happens_next():
    text = visible(render_card(make_card(), RU))

    assert "Т-000123 · заявка на перевозку" in text
    assert "Статус: в работе" in text
    assert "Проект: P-1 Монтаж пресса" in text
    assert "Исполнитель: Петров Пётр" in text
    assert "1. Погрузка: Кемерово, ул. Заводская, 1" in text
    assert "2. Выгрузка: Новокузнецк" in text
    assert "вес 12 500 кг · мест: 1 · тяжеловес" in text
    assert "Ориентировочная стоимость: 150 000,50 ₽" in text
    assert "Исполнитель запускает тендер." in text
    assert "Ждём: Петров Пётр" in text


def test_emergency_is_explained_with_the_lead_time_and_the_deadline_in_company_time():
    text = visible(render_card(make_card(), RU))
    assert "🔥 Аварийная заявка: до срока 04.03.2026 09:00" in text
    assert "(3 раб. дн.)" in text


def test_a_request_filed_in_time_has_no_emergency_line():
    card = make_card()
    card.request.is_emergency = False
    assert "Аварийная" not in visible(render_card(card, RU))


def test_bids_approvals_and_closing_documents_are_summarised():
    card = make_card(
        bids=[
            Bid(id=1, request_id=7, counterparty_id=10, price_kop=140_000_00, created_at=T0),
            Bid(id=2, request_id=7, counterparty_id=11, price_kop=155_000_00, created_at=T0),
            Bid(
                id=3, request_id=7, counterparty_id=12, price_kop=1_00, refused=True, created_at=T0
            ),
        ],
        counterparty_names={10: "ООО «Вектор»"},
        approvals=[
            Approval(
                request_id=7,
                purpose="winner",
                round=1,
                role="project_manager",
                approver_id=3,
                created_at=T0,
            ),
            Approval(
                request_id=7,
                purpose="winner",
                round=1,
                role="security",
                decision="rejected",
                decided_by=3,
                comment="нет <лицензии>",
                created_at=T0,
            ),
            Approval(
                request_id=7,
                purpose="winner",
                round=0,
                role="executive_director",
                decision="closed",
                created_at=T0,
            ),
        ],
        documents=[
            ClosingDocument(request_id=7, doc_type="invoice", received=True),
            ClosingDocument(request_id=7, doc_type="act"),
        ],
    )
    card.request.winner_bid_id = 1

    text = visible(render_card(card, RU))

    assert "Предложения: 2" in text
    assert "от 140 000,00 ₽ до 155 000,00 ₽" in text
    assert "Победитель: ООО «Вектор» — 140 000,00 ₽" in text
    assert "руководитель проекта (Сидоров Сидор): ⏳ ждёт решения" in text
    assert "служба безопасности: ❌ отклонено, Сидоров Сидор: «нет <лицензии>»" in text
    assert "исполнительный директор" not in text
    assert "✅ счёт-фактура" in text and "⬜ акт" in text


def test_typed_text_is_escaped_in_the_markup_and_read_exactly_as_typed():
    card = make_card(
        cargo=Cargo(request_id=7, description=NASTY),
        items=[RequestItem(request_id=7, seq=0, name=NASTY, quantity=2.5, unit="м&м", spec=NASTY)],
        project_name=NASTY,
    )
    card.request.comment = NASTY

    pages = render_card(card, RU)
    html = "\n".join(pages)
    text = visible(pages)

    assert "<b>Пресс</b>" not in html
    assert "&lt;b&gt;Пресс&lt;/b&gt; &amp; *жирный*" in html
    assert text.count(NASTY) == 5
    assert f"1. {NASTY} — 2,5 м&м ({NASTY})" in text
    assert f"Комментарий: {NASTY}" in text


def test_english_reader_gets_the_english_card():
    text = visible(render_card(make_card(), Ctx("en", "Europe/Moscow")))
    assert "Estimated cost: 150 000,50 ₽" in text


def long_card() -> RequestCard:
    items = [
        RequestItem(
            request_id=7,
            seq=n,
            name=f"Позиция {n} <{n}> " + "x" * 60,
            quantity=n,
            unit="шт",
            spec="ГОСТ & ТУ " * 5,
        )
        for n in range(1, 61)
    ]
    card = make_card(items=items)
    card.request.comment = ("Очень длинный комментарий & <тег> 🚚 " * 100)[:3000]
    return card


def test_a_long_card_is_split_into_pages_within_the_telegram_limit_and_nothing_is_cut():
    card = long_card()

    pages = render_card(card, RU)
    text = visible(pages)

    assert len(pages) > 1
    assert all(utf16_len(page) <= 4096 for page in pages)
    for item in card.items:
        assert f"{item.name} — {item.quantity:g} шт ({item.spec})" in text
    assert card.request.comment in text.replace("\n", "")


def test_pages_respect_a_smaller_limit_too():
    pages = render_card(long_card(), RU, limit=1000)
    assert all(utf16_len(page) <= 1000 for page in pages)
    assert len(pages) >= 10


def test_emoji_count_twice_towards_the_limit_as_in_telegram():
    card = make_card()
    card.request.comment = "🚚" * 3000  # 6000 UTF-16 code units, 3000 characters

    pages = render_card(card, RU)

    assert len(pages) >= 2
    assert all(utf16_len(page) <= 4096 for page in pages)
    assert visible(pages).count("🚚") == 3000


def test_a_line_without_spaces_is_broken_between_entities_never_inside_one():
    card = make_card()
    card.request.comment = "&<>" * 2000  # 6000 characters, 26000 once escaped

    pages = render_card(card, RU)

    assert all(utf16_len(page) <= 4096 for page in pages)
    # parse_html is strict: a cut inside «&amp;» would fail here.
    assert "&<>" * 2000 in visible(pages).replace("\n", "")


def test_sections_stay_whole_when_they_fit_on_a_page():
    first, second = ["<b>A</b>", "a" * 50], ["<b>B</b>", "b" * 50]
    assert paginate([first, second], limit=200) == [
        "<b>A</b>\n" + "a" * 50 + "\n\n<b>B</b>\n" + "b" * 50
    ]
    assert paginate([first, second], limit=80) == [
        "<b>A</b>\n" + "a" * 50,
        "<b>B</b>\n" + "b" * 50,
    ]


def test_an_empty_text_is_one_empty_page():
    assert paginate([], limit=100) == [""]


def log_row(n: int, **changes: object) -> TransitionLog:
    row = TransitionLog(
        request_id=7,
        at=T0 + timedelta(minutes=n),
        actor_id=1,
        actor_name="Иванов <Иван>",
        role="initiator",
        action="submit",
        from_status="draft",
        to_status="submitted",
        source="bot",
    )
    for name, value in changes.items():
        setattr(row, name, value)
    return row


def test_history_shows_time_in_company_zone_who_role_action_and_comment():
    card = make_card(
        log=[
            log_row(0, comment="срочно & <важно>"),
            log_row(
                75,
                actor_name="Петров",
                role="executor",
                action="take",
                from_status="submitted",
                to_status="in_work",
            ),
        ]
    )

    text = visible(render_history(card, RU))

    assert text.startswith("История Т-000123")
    assert (
        "02.03 10:00 · Иванов <Иван> (инициатор)\nподать: черновик → подана\n💬 срочно & <важно>"
        in text
    )
    assert "02.03 11:15 · Петров (исполнитель)\nвзять в работу: подана → в работе" in text
    assert text.index("подать") < text.index("взять в работу")


def test_a_step_that_keeps_the_status_shows_only_the_action():
    card = make_card(log=[log_row(0, action="add_bid", from_status="tender", to_status="tender")])
    assert "добавить предложение\n" in visible(render_history(card, RU)) + "\n"


@pytest.mark.parametrize("rows", [0, 100])
def test_history_of_any_length_fits_pages(rows: int):
    card = make_card(log=[log_row(n, comment="к" * 200) for n in range(rows)])

    pages = render_history(card, RU)
    text = visible(pages)

    assert all(utf16_len(page) <= 4096 for page in pages)
    assert text.count("подать: черновик → подана") == rows
    if not rows:
        assert "Пока ничего не происходило." in text
