"""Reference lists of the demo company: regions, loading points, projects, counterparties.

Counterparty INNs carry a correct check digit and a tax office code of their region, so they
pass the same checks a real 10-digit INN of a Russian company passes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionSpec:
    key: str
    name: str
    tax_code: int  # first two digits of INN and KPP
    transit_days: tuple[int, int]  # road time from the loading points, days


@dataclass(frozen=True)
class ProjectSpec:
    code: str
    name: str
    region: str
    site: str  # unloading / delivery address
    manager: str  # person key
    initiators: tuple[str, ...]


@dataclass(frozen=True)
class CounterpartySpec:
    name: str
    region: str
    serves: tuple[str, ...] = ()  # region keys a carrier works in; empty: everywhere
    shady: bool = False  # security rejects it at the first vetting


REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec("kem", "Кемеровская область — Кузбасс", 42, (1, 2)),
    RegionSpec("krs", "Красноярский край", 24, (2, 3)),
    RegionSpec("hmao", "Ханты-Мансийский автономный округ — Югра", 86, (4, 6)),
    RegionSpec("yak", "Республика Саха (Якутия)", 14, (8, 14)),
    RegionSpec("irk", "Иркутская область", 38, (3, 5)),
    RegionSpec("nsk", "Новосибирская область", 54, (1, 2)),
    RegionSpec("svr", "Свердловская область", 66, (3, 4)),
)
REGION_BY_KEY = {r.key: r for r in REGIONS}

LOADING_POINTS: tuple[tuple[str, str], ...] = (
    ("Кемерово, ул. Терешковой, 41, производственная база", "kem"),
    ("Новокузнецк, ул. Лазо, 2, цех металлоконструкций", "kem"),
    ("Новосибирск, ул. Станционная, 60, склад ответственного хранения", "nsk"),
    ("Екатеринбург, ул. Фронтовых Бригад, 18, завод-изготовитель", "svr"),
    ("Красноярск, ул. Северное шоссе, 5, склад", "krs"),
    ("Иркутск, ул. Трактовая, 18, база оборудования", "irk"),
)

PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        "КЕМ-24-01",
        "Монтаж обогатительной фабрики, Беловский район",
        "kem",
        "Кемеровская обл., Беловский р-н, промплощадка ОФ, КПП-2",
        "pm1",
        ("site1", "site2", "pm1"),
    ),
    ProjectSpec(
        "КРС-24-03",
        "Такелаж и монтаж турбоагрегата ст. № 4, ТЭЦ",
        "krs",
        "Красноярск, ул. Пограничников, 4, главный корпус ТЭЦ",
        "pm2",
        ("site3", "site5"),
    ),
    ProjectSpec(
        "ХМА-24-07",
        "Монтаж компрессорной станции на месторождении",
        "hmao",
        "ХМАО — Югра, Нефтеюганский р-н, куст 112, площадка КС",
        "pm3",
        ("site4", "site6", "pm3"),
    ),
    ProjectSpec(
        "ЯКУ-25-02",
        "Доставка и монтаж оборудования золотоизвлекательной фабрики",
        "yak",
        "Якутия, Алданский р-н, площадка ЗИФ, 42 км автодороги",
        "pm4",
        ("site7", "site2"),
    ),
    ProjectSpec(
        "ИРК-25-04",
        "Замена реакторного блока установки риформинга",
        "irk",
        "Ангарск, Первый промышленный массив, квартал 63",
        "pm1",
        ("site5", "site3", "pm1"),
    ),
    ProjectSpec(
        "НСК-25-01",
        "Монтаж мостовых кранов 50/10 т в новом цехе",
        "nsk",
        "Новосибирск, ул. Петухова, 69, корпус 3",
        "pm3",
        ("site1", "site6", "pm3"),
    ),
)

CARRIERS: tuple[CounterpartySpec, ...] = (
    CounterpartySpec("ООО «СибТяжТранс»", "nsk"),
    CounterpartySpec("ООО «ТрансКузбасс»", "kem", ("kem", "nsk", "krs")),
    CounterpartySpec("ООО «Енисей-Логистик»", "krs", ("krs", "irk", "kem")),
    CounterpartySpec("ООО «СеверТрал»", "hmao", ("hmao", "svr")),
    CounterpartySpec("ООО «Югра-Спецтранс»", "hmao", ("hmao",)),
    CounterpartySpec("ООО «ЯкутТрансСервис»", "yak", ("yak", "irk")),
    CounterpartySpec("ООО «Байкал-Негабарит»", "irk", ("irk", "yak", "krs")),
    CounterpartySpec("ООО «ТК Магистраль»", "svr"),
    CounterpartySpec("ООО «Урал-Тралсервис»", "svr", ("svr", "hmao", "nsk")),
    CounterpartySpec("ООО «Кузбасс-Манипулятор»", "kem", ("kem",)),
    CounterpartySpec("ООО «ТюменьСпецАвто»", "svr", ("hmao", "svr")),
    CounterpartySpec("ООО «Ангара Транзит»", "irk", ("irk", "krs")),
    CounterpartySpec("ООО «Тайга-Логистик»", "krs", ("krs", "yak", "irk")),
    CounterpartySpec("АО «Сибирская тяжёлая логистика»", "nsk"),
    CounterpartySpec("ООО «ТрансГарант-Плюс»", "nsk", shady=True),
)

SUPPLIERS: tuple[CounterpartySpec, ...] = (
    CounterpartySpec("ООО «Стропы Сибири»", "nsk"),
    CounterpartySpec("ООО «СибМеталлТорг»", "nsk"),
    CounterpartySpec("ООО «Кузбасский крепёж»", "kem"),
    CounterpartySpec("ООО «Такелаж-Комплект»", "svr"),
    CounterpartySpec("ООО «ЭлектроСнаб-Красноярск»", "krs"),
    CounterpartySpec("ООО «Промтехснаб»", "kem"),
    CounterpartySpec("ООО «СибЛесТорг»", "krs"),
    CounterpartySpec("ООО «ГидроМаш-Сервис»", "svr"),
    CounterpartySpec("ООО «Сварочные технологии»", "nsk"),
    CounterpartySpec("ООО «Якутснабкомплект»", "yak"),
    CounterpartySpec("ООО «Уралтрубосталь»", "svr"),
    CounterpartySpec("ООО «ТД Метизы»", "irk"),
    CounterpartySpec("ООО «Подъёмные механизмы»", "nsk"),
    CounterpartySpec("ООО «СпецОдежда-Сибирь»", "kem"),
    CounterpartySpec("ООО «БизнесСнабРесурс»", "irk", shady=True),
)


def inn_check_digit(first_nine: str) -> int:
    """Check digit of a 10-digit INN of an organisation (the tax service's algorithm)."""
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return sum(int(d) * w for d, w in zip(first_nine, weights, strict=True)) % 11 % 10


def inn_and_kpp(tax_code: int, serial: int) -> tuple[str, str]:
    """A well-formed INN and KPP of an organisation registered in region ``tax_code``."""
    office = f"{tax_code:02d}{(serial * 7) % 30 + 1:02d}"
    first_nine = f"{office}{(serial * 48_271 + 10_007) % 100_000:05d}"
    return first_nine + str(inn_check_digit(first_nine)), f"{office}01001"
