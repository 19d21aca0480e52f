"""Sample window data, so every window of the filing dialog renders without a database."""

from __future__ import annotations

from typing import Any

Data = dict[str, Any]

FLASH: Data = {"error": None, "notice": "Сохранено как шаблон «Стропы»."}
KIND: Data = {"allowed": True, "has_templates": True, "refusal": None}
ROUTE: Data = {
    "points": "1. Погрузка: Кемерово, ул. Заводская, 1\n2. Выгрузка: Новосибирск",
    "buttons": [(0, "✏️ 1. Погрузка: Кемерово"), (1, "✏️ 2. Выгрузка: Новосибирск")],
    "empty": False,
}
POINT: Data = {
    "loading": True,
    "unloading": False,
    "label": "Погрузка: Кемерово, ул. Заводская, 1 (Кемеровская область)",
    "address": "Кемерово, ул. Заводская, 1",
}
REGIONS: Data = {
    "regions": [(1, "Кемеровская область"), (2, "Новосибирская область")],
    "query": "обл",
    "keep": "Оставить «обл» как написано",
    "nothing": False,
}
WEIGHT: Data = {"now": "12,5 т"}
EMPTY: Data = {"now": None}
FLAGS: Data = {"oversize": "✅", "heavy": "⬜"}
VEHICLES: Data = {"vehicles": [(1, "Трал"), (2, "✅ Манипулятор")]}
ITEMS: Data = {
    "lines": "1. Строп текстильный 10 т — 4 шт\n2. Скоба [ГОСТ 2476-80] — 10,5 кг",
    "buttons": [(0, "✏️ 1. Строп текстильный 10 т"), (1, "✏️ 2. Скоба")],
    "pages": 2,
    "paged": True,
    "count": 12,
}
ITEM: Data = {
    "number": 2,
    "label": "Скоба [ГОСТ 2476-80] — 10,5 кг",
    "name": "Скоба",
    "quantity": "10,5",
    "unit": "кг",
    "spec": "ГОСТ 2476-80",
    "units": [(1, "шт"), (2, "кг"), (3, "м")],
}
DATE: Data = {
    "now": "16.03.2026",
    "loading": True,
    "delivery": False,
    "required": False,
    "safe": "06.03.2026",
}
PROJECTS: Data = {"projects": [(1, "✅ P-1 Монтаж пресса")], "query": "P-", "now": "P-1"}
FILES: Data = {
    "lines": "1. 📷 фото\n2. 📄 Чертёж.pdf",
    "buttons": [(0, "🗑 1. 📷 фото"), (1, "🗑 2. 📄 Чертёж.pdf")],
    "count": 2,
}
SUMMARY: Data = {
    "body": "<b>Заявка на перевозку</b> Т-000123\n<b>Груз:</b> Пресс\n<b>Вес:</b> 12,5 т",
    "cut": True,
    "transport": True,
    "procurement": False,
}
FULL: Data = {"page": "<b>Комментарий:</b> длинный текст", "pages": 2, "paged": True}
CONFIRM: Data = {
    "known": True,
    "number": "Т-000123",
    "emergency": True,
    "transport": True,
    "days": "0,9",
    "lead": 3,
    "deadline": "03.03.2026",
    "safe": "06.03.2026",
    "can_move": True,
    "move_label": "📅 Перенести на 06.03.2026",
}
DONE: Data = {"number": "Т-000123", "status": "подана", "emergency": True}
TEMPLATES: Data = {"templates": [(1, "📦 Стропы"), (2, "🚚 Пресс в Новосибирск")], "empty": False}
TEMPLATE: Data = {"name": "Стропы", "body": SUMMARY["body"], "found": True, "problem": None}
TEMPLATE_NAME: Data = {"limit": 100}
