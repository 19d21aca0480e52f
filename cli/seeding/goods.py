"""What the demo company moves and buys: vehicle types, units, typical cargo and materials.

Cargo is what a rigging company carries to its sites (transformers, crane beams, compressor
units, rigging gear); materials are what it consumes there (slings, jacks, timber, steel).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CargoSpec:
    description: str
    tonnes: tuple[float, float]
    size: tuple[float, float, float]  # length, width, height, m
    places: int
    vehicle: str
    cost_rub: int  # typical freight over a short haul
    oversize: bool = False
    heavy: bool = False


@dataclass(frozen=True)
class ItemSpec:
    name: str
    unit: str
    quantity: tuple[float, float]
    price_rub: int  # per unit
    spec: str | None = None


VEHICLE_TYPES: tuple[str, ...] = (
    "Трал",
    "Низкорамник",
    "Бортовой",
    "Фура (тент)",
    "Манипулятор",
    "Длинномер",
    "Контейнеровоз",
    "Самосвал",
)

UNITS: tuple[str, ...] = ("шт", "кг", "т", "м", "м²", "м³", "компл", "л")

CARGO: tuple[CargoSpec, ...] = (
    CargoSpec(
        "Трансформатор силовой ТДН-16000/110",
        (36, 42),
        (6.2, 3.3, 4.1),
        1,
        "Трал",
        640_000,
        oversize=True,
        heavy=True,
    ),
    CargoSpec(
        "Пролётная балка мостового крана",
        (18, 24),
        (28.0, 1.6, 2.2),
        1,
        "Трал",
        420_000,
        oversize=True,
        heavy=True,
    ),
    CargoSpec(
        "Редуктор шаровой мельницы",
        (15, 19),
        (4.8, 3.1, 2.9),
        1,
        "Низкорамник",
        310_000,
        oversize=True,
        heavy=True,
    ),
    CargoSpec(
        "Компрессорный агрегат в сборе",
        (24, 28),
        (9.5, 3.4, 3.6),
        1,
        "Трал",
        520_000,
        oversize=True,
        heavy=True,
    ),
    CargoSpec(
        "Ёмкость стальная 50 м³",
        (9, 11),
        (11.5, 3.2, 3.3),
        1,
        "Низкорамник",
        230_000,
        oversize=True,
    ),
    CargoSpec(
        "Металлоконструкции каркаса, пакеты",
        (12, 19),
        (12.0, 2.4, 1.8),
        8,
        "Длинномер",
        120_000,
    ),
    CargoSpec(
        "Гусеничный кран 100 т, разборка (стрела, противовесы)",
        (38, 44),
        (13.0, 3.0, 3.2),
        3,
        "Трал",
        780_000,
        oversize=True,
        heavy=True,
    ),
    CargoSpec(
        "Дизель-генератор 1 МВт в контейнере",
        (13, 15),
        (12.2, 2.5, 2.9),
        1,
        "Контейнеровоз",
        150_000,
    ),
    CargoSpec(
        "Такелажная оснастка: домкраты, стропы, траверсы",
        (4, 7),
        (6.0, 2.4, 2.0),
        12,
        "Бортовой",
        70_000,
    ),
    CargoSpec(
        "Бытовые вагончики, 2 шт",
        (5, 6),
        (6.0, 2.4, 2.5),
        2,
        "Манипулятор",
        60_000,
    ),
    CargoSpec(
        "Шпальные клетки и опорные плиты",
        (8, 14),
        (6.0, 2.4, 1.5),
        20,
        "Бортовой",
        65_000,
    ),
    CargoSpec(
        "Электродвигатель 2 МВт",
        (8, 10),
        (3.6, 2.2, 2.4),
        1,
        "Низкорамник",
        160_000,
        heavy=True,
    ),
    CargoSpec(
        "ЗИП и расходные материалы на паллетах",
        (3, 9),
        (13.6, 2.45, 2.5),
        18,
        "Фура (тент)",
        55_000,
    ),
    CargoSpec("Щебень для подсыпки площадки", (20, 25), (6.0, 2.5, 1.5), 1, "Самосвал", 35_000),
)

ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec("Строп текстильный СТП 10 т, 6 м", "шт", (4, 20), 6_800, "ГОСТ Р 58752"),
    ItemSpec("Строп цепной 4СЦ 16 т", "шт", (2, 6), 38_000),
    ItemSpec("Канат стальной 24 мм", "м", (100, 600), 420, "ГОСТ 7668-80"),
    ItemSpec("Скоба такелажная СА 12,5 т", "шт", (10, 40), 2_900),
    ItemSpec("Домкрат гидравлический 100 т", "шт", (2, 8), 96_000, "ДГ100П150"),
    ItemSpec("Брус 150×150 для шпальных клеток", "м³", (6, 30), 21_000),
    ItemSpec("Лист стальной 20 мм 09Г2С", "т", (2, 12), 98_000, "ГОСТ 19281-2014"),
    ItemSpec("Электроды УОНИ 13/55 ⌀4 мм", "кг", (50, 400), 390),
    ItemSpec("Масло гидравлическое HLP 46", "л", (200, 1000), 260),
    ItemSpec("Болт М24×120 кл. пр. 8.8 с гайкой и шайбами", "компл", (100, 800), 190),
    ItemSpec("Плита дорожная 2П30.18", "шт", (10, 60), 24_000),
    ItemSpec("Геотекстиль 300 г/м²", "м²", (500, 3000), 70),
    ItemSpec("Труба 89×4 ст. 20", "м", (60, 400), 1_350, "ГОСТ 8732-78"),
    ItemSpec("Таль ручная цепная 5 т", "шт", (2, 10), 24_500),
    ItemSpec("Траверса грузоподъёмностью 25 т", "шт", (1, 2), 310_000),
    ItemSpec("Комплект зимней спецодежды", "компл", (10, 40), 14_500),
    ItemSpec("Щебень фракции 20–40", "т", (40, 200), 1_900),
    ItemSpec("Рым-болт М30", "шт", (8, 32), 1_100, "DIN 580"),
)
