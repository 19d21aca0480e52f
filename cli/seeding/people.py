"""The staff of the demo company: who holds which role, in which department, who stands in.

A rigging and installation company with a logistics department, a procurement department,
project managers on remote sites, site engineers who file requests, security, the executive
director and an administrator. Leave windows are counted in days from the start of the demo
period; during a window the named substitute acts for the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.enums import Department, Role

# Telegram ids of demo people: a block far from the accounts people log in with, so a real
# administrator added from the settings never collides with a demo person.
DEMO_TG_BASE = 7_770_000_000

R = Role
LOG, PROC = Department.logistics, Department.procurement


@dataclass(frozen=True)
class Person:
    key: str
    full_name: str
    position: str
    roles: tuple[Role, ...]
    department: Department | None = None
    substitute: str | None = None
    # First and last day of leave, in days from the start of the demo period; None with a
    # substitute means a standing deputy who may always act.
    leave: tuple[int, int] | None = None


STAFF: tuple[Person, ...] = (
    Person("admin", "Соколов Артём Игоревич", "Системный администратор", (R.admin,)),
    Person(
        "director", "Белов Виктор Павлович", "Исполнительный директор", (R.executive_director,)
    ),
    Person(
        "security", "Крылов Олег Станиславович", "Начальник службы безопасности", (R.security,)
    ),
    Person(
        "head_log",
        "Морозова Елена Викторовна",
        "Начальник отдела логистики",
        (R.head,),
        LOG,
    ),
    Person(
        "head_proc",
        "Лебедев Андрей Николаевич",
        "Начальник отдела материально-технического снабжения",
        (R.head,),
        PROC,
    ),
    Person(
        "log1",
        "Ковалёв Дмитрий Сергеевич",
        "Ведущий специалист по логистике",
        (R.executor,),
        LOG,
        substitute="log2",
        leave=(96, 109),
    ),
    Person("log2", "Никитина Ольга Андреевна", "Специалист по логистике", (R.executor,), LOG),
    Person("log3", "Гусев Павел Александрович", "Логист", (R.executor,), LOG),
    Person(
        "log4", "Тарасова Мария Игоревна", "Логист по негабаритным перевозкам", (R.executor,), LOG
    ),
    Person(
        "proc1",
        "Фёдорова Анна Михайловна",
        "Ведущий специалист по закупкам",
        (R.executor,),
        PROC,
        substitute="proc2",
        leave=(45, 58),
    ),
    Person("proc2", "Орлов Сергей Витальевич", "Специалист по снабжению", (R.executor,), PROC),
    Person(
        "pm1",
        "Волков Игорь Николаевич",
        "Руководитель проекта",
        (R.project_manager, R.initiator),
        substitute="pm2",
        leave=(126, 139),
    ),
    Person("pm2", "Зайцев Максим Олегович", "Руководитель проекта", (R.project_manager,)),
    Person(
        "pm3",
        "Семёнов Алексей Юрьевич",
        "Главный инженер проекта",
        (R.project_manager, R.initiator),
        substitute="pm4",
    ),
    Person("pm4", "Павлова Наталья Сергеевна", "Руководитель проекта", (R.project_manager,)),
    Person("site1", "Кузнецов Роман Викторович", "Начальник участка", (R.initiator,)),
    Person("site2", "Попов Евгений Анатольевич", "Производитель работ", (R.initiator,)),
    Person("site3", "Васильев Константин Игоревич", "Инженер ПТО", (R.initiator,)),
    Person("site4", "Смирнова Ирина Владимировна", "Инженер ПТО", (R.initiator,)),
    Person("site5", "Михайлов Денис Петрович", "Главный механик", (R.initiator,)),
    Person("site6", "Новиков Антон Геннадьевич", "Мастер монтажного участка", (R.initiator,)),
    Person("site7", "Егоров Илья Сергеевич", "Начальник такелажного участка", (R.initiator,)),
)

EXECUTORS = {
    Department.logistics: ("log1", "log2", "log3", "log4"),
    Department.procurement: ("proc1", "proc2"),
}
HEADS = {Department.logistics: "head_log", Department.procurement: "head_proc"}
