"""A short scripted day in Tonnage, played through the real bot as people do it.

A newcomer asks for access, an administrator grants the initiator role with the buttons of
the notification, and the newcomer files a transport request (with a photo of the cargo)
and a procurement request through the filing dialog. Every label pressed and every text
expected comes from the translation catalogue, so the script follows the product's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from cli.demo.chat import ChatPlayer, Person, ending, ru, starting, with_button
from flows import reference_views
from flows.services.context import Deps
from sandbox.botapi import make_png

HOME_REGION = "Кемеров"  # the addresses below are in Kemerovo oblast


@dataclass(frozen=True)
class Places:
    """Reference names the script picks from, read from the database."""

    loading_region: str
    unloading_region: str
    vehicle: str
    project: str
    unit: str
    today: date


async def places(deps: Deps) -> Places:
    regions = await reference_views.regions(deps)
    vehicles = await reference_views.vehicle_types(deps)
    projects = await reference_views.projects(deps)
    units = await reference_views.units(deps)
    if not (regions and vehicles and projects and units):
        raise RuntimeError("the demo needs regions, vehicle types, projects and units")
    home = next((r.name for r in regions if HOME_REGION in r.name), regions[0].name)
    return Places(
        loading_region=home,
        unloading_region=home,
        vehicle=vehicles[0].name,
        project=projects[0].name,
        unit=units[0].name,
        today=deps.today(),
    )


def fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


async def ask_for_access(play: ChatPlayer, newcomer: Person, position: str) -> None:
    welcome = (
        "<b>Welcome to Tonnage.</b>\nTo get access, tell me who you are.\n\n"
        "Your full name? For example: Иванов Иван Иванович"
    )
    await play.say(newcomer, "/start", expect=head(welcome))
    await play.say(newcomer, newcomer.name, expect=ru("Your position? For example: инженер ПТО"))
    await play.say(newcomer, position, expect=newcomer.name)


async def grant_initiator(play: ChatPlayer, admin: Person, newcomer: Person) -> None:
    await play.expect(admin, newcomer.name, step="the access request")
    picked = with_button("✅ " + _label("initiator"))
    await play.press(admin, ending(_label("initiator")), expect=picked)
    await play.press(admin, ru("Grant access"), expect=newcomer.name)
    granted = ru("Access granted. Your roles: {roles}.").split(":")[0]
    await play.expect(newcomer, granted, step="the outcome")
    await play.press(newcomer, ru("Open the menu"), expect=ru("What would you like to do?"))


def _label(role: str) -> str:
    text = ru(role)
    return text[:1].upper() + text[1:]


async def file_transport(play: ChatPlayer, anna: Person, at: Places) -> None:
    loading = at.today + timedelta(days=14)
    await play.press(anna, ru("New request"), expect=head(KIND))
    await play.press(anna, ru("🚚 Transport"), expect=head("<b>Loading point</b>"))
    await play.say(anna, "Кемерово, ул. Заводская, 1", expect=head(REGION))
    await play.say(anna, at.loading_region, expect=head("<b>Unloading point</b>"))
    await play.say(anna, "Новокузнецк, пр. Металлургов, 5", expect=head(REGION))
    await play.say(anna, at.unloading_region, expect=head(ROUTE))
    await play.press(anna, ru("Next ▶"), expect=head(CARGO))
    await play.say(anna, "Пресс гидравлический П-250 в ящике", expect=head(WEIGHT))
    await play.say(anna, "12,5 т", expect=head(SIZE))
    await play.say(anna, "6 × 2,5 × 2,8", expect=head(PLACES))
    await play.say(anna, "1", expect=head(FLAGS))
    heavy = ru("{heavy} Heavy").split("} ")[-1]
    await play.press(anna, ending(heavy), expect=with_button("✅ " + heavy))
    await play.press(anna, ru("Next ▶"), expect=head(VEHICLE))
    await play.press(anna, at.vehicle, expect=head("<b>Loading date</b>"))
    await play.say(anna, fmt(loading), expect=head("<b>Required delivery date</b>"))
    await play.say(anna, fmt(loading + timedelta(days=3)), expect=head(PROJECT))
    await play.press(anna, starting(at.project[:20]), expect=head(COST))
    await play.say(anna, "150 000", expect=head(ATTACHMENTS))
    await play.photo(anna, make_png(), expect=head(ATTACHMENTS))
    await play.press(anna, ru("Next ▶"), expect=head(COMMENT))
    await play.say(anna, "Разгрузка краном заказчика", expect=head("Transport request"))
    await _submit(play, anna)


async def file_procurement(play: ChatPlayer, anna: Person, at: Places) -> None:
    await play.press(anna, ru("New request"), expect=head(KIND))
    await play.press(anna, ru("📦 Procurement of materials"), expect=head(ITEM_NAME))
    await play.say(anna, "Строп текстильный 10 т", expect=head(QUANTITY))
    await play.say(anna, "4", expect=head(UNIT))
    await play.press(anna, at.unit, expect=head(SPEC))
    await play.press(anna, ru("No specification ▶"), expect=head(ITEMS))
    await play.press(anna, ru("Next ▶"), expect=head("<b>Required date</b>"))
    await play.say(anna, fmt(at.today + timedelta(days=21)), expect=head(ADDRESS))
    await play.say(anna, "Кемерово, склад №2", expect=head(PROJECT))
    await play.press(anna, starting(at.project[:20]), expect=head(COST))
    await play.say(anna, "80 000", expect=head(ATTACHMENTS))
    await play.press(anna, ru("Next ▶"), expect=head(COMMENT))
    await play.press(anna, ru("No comment ▶"), expect=head("Procurement request"))
    await _submit(play, anna)


async def _submit(play: ChatPlayer, anna: Person) -> None:
    await play.press(anna, ru("✅ Submit"), expect=head(CONFIRM))
    await play.press(anna, ru("✅ Submit"), expect=head(SUBMITTED))
    await play.press(anna, ru("Done"), expect=ru("What would you like to do?"))


# Window texts of the filing dialog (catalogue msgids); the script waits for their heads.
KIND = "<b>New request</b>\nWhat is it for?"
REGION = "<b>Region of the point</b>\nChoose it below or type its name."
ROUTE = (
    "<b>Route</b>\nLoading and unloading points in their order. "
    "Tap a point to change or remove it."
)
CARGO = "<b>Cargo</b>\nWhat is carried: name, packing, anything the carrier must know."
WEIGHT = "<b>Weight of the cargo</b>\nIn tonnes or kilograms, for example «12.5 t» or «12 500 kg»."
SIZE = "<b>Size of the cargo</b>\nLength × width × height in metres, for example «12 × 3 × 2.5»."
PLACES = "<b>Number of places</b>\nHow many pieces or packages, for example «3»."
FLAGS = "<b>Oversize and heavy cargo</b>\nTap to switch on or off, then «Next»."
VEHICLE = "<b>Vehicle type</b>\nChoose the type the cargo needs."
PROJECT = "<b>Project</b>\nChoose it below or type part of its code or name to search."
COST = "<b>Estimated cost</b>\nIn rubles, for example «150 000», «150000.50» or «150 thousand»."
ATTACHMENTS = (
    "<b>Attachments ({count})</b>\nSend photos or documents (drawings, lists, "
    "specifications) one by one, then tap «Next». Tap a file to remove it."
)
COMMENT = "<b>Comment</b>\nAnything else the executor should know."
ITEMS = "<b>Items ({count})</b>\nTap an item to change or remove it."
ITEM_NAME = "Name of the item, for example «Sling 10 t»."
QUANTITY = "Quantity: a number, with the unit if you like, for example «10» or «2.5 m³»."
UNIT = "Unit: choose below or type it."
SPEC = "Specification or article number, if it matters."
ADDRESS = "<b>Delivery address</b>\nWhere to bring the goods: town, street, building, warehouse."
CONFIRM = "<b>Submit request {number}?</b>"
SUBMITTED = "✅ Request <b>{number}</b> is submitted.\nStatus: {status}."


def head(msgid: str) -> str:
    """The start of a window's text as the person reads it: its first line, up to any
    placeholder, without HTML tags."""
    text = ru(msgid).split("\n")[0].split("{")[0]
    return re.sub(r"<[^>]+>", "", text).strip()
