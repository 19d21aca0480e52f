"""Request templates: a person keeps the parts of a request they file again and again.

A template holds a draft without its dates and attachments (dates go stale, files belong
to one request); starting from it fills everything else in.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from flows.actor import ActorRef
from flows.drafts import CargoData, DraftData, ItemData, RoutePointData
from flows.enums import RequestKind, Role
from flows.errors import N_, AccessDenied, InvalidInput, NotFound
from flows.services.context import Deps
from flows.services.engine import load_actor
from storage.tables import RequestTemplate
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

NAME_LIMIT = 100
PAYLOAD_VERSION = 1
# Fields a template does not keep.
_DROPPED = ("loading_date", "required_date", "attachments")


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    name: str
    kind: str
    created_at: datetime


def draft_to_payload(draft: DraftData) -> dict[str, Any]:
    """The JSON a template stores for a draft (no dates, no attachments)."""
    body = dataclasses.asdict(draft)
    for name in _DROPPED:
        body.pop(name, None)
    return {"v": PAYLOAD_VERSION, "draft": body}


def payload_to_draft(payload: Mapping[str, Any]) -> DraftData:
    """Rebuild a draft from a stored template; unknown keys are ignored."""
    body = dict(payload.get("draft") or {})
    draft = DraftData(**_known(DraftData, body, skip=("route", "cargo", "items")))
    draft.route = [RoutePointData(**_known(RoutePointData, p)) for p in body.get("route") or []]
    draft.items = [ItemData(**_known(ItemData, i)) for i in body.get("items") or []]
    cargo = body.get("cargo")
    draft.cargo = CargoData(**_known(CargoData, cargo)) if cargo else None
    return draft


def _known(cls: type, values: Mapping[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)} - set(skip) - set(_DROPPED)
    return {k: v for k, v in values.items() if k in names}


async def _owner_id(uow: UnitOfWork, deps: Deps, ref: ActorRef) -> int:
    actor = await load_actor(uow, ref, deps.today())
    if not actor.has(Role.initiator) or actor.user_id is None:
        raise AccessDenied(N_("Only an initiator may file requests."))
    return actor.user_id


async def _own(uow: UnitOfWork, owner_id: int, template_id: int) -> RequestTemplate:
    template = await uow.session.get(RequestTemplate, template_id)
    if template is None or template.owner_id != owner_id:
        raise NotFound(N_("Template not found. It may have been deleted."))
    return template


async def save_template(deps: Deps, ref: ActorRef, name: str, draft: DraftData) -> TemplateInfo:
    """Keep the draft as a template of the person under ``name``.

    Raises AccessDenied without the initiator role, InvalidInput for an empty or long name.
    """
    name = name.strip()
    if not name or len(name) > NAME_LIMIT:
        raise InvalidInput(
            N_("Give the template a name of 1 to {limit} characters."), limit=NAME_LIMIT
        )
    kind = RequestKind(draft.kind)
    async with deps.uow() as uow:
        owner_id = await _owner_id(uow, deps, ref)
        template = RequestTemplate(
            owner_id=owner_id,
            kind=kind.value,
            name=name,
            payload=draft_to_payload(draft),
            created_at=deps.now(),
        )
        uow.session.add(template)
        await uow.session.flush()
        info = _info(template)
        await uow.commit()
    logger.info("template %s saved by user %s", info.id, owner_id)
    return info


async def list_templates(deps: Deps, ref: ActorRef, kind: str | None = None) -> list[TemplateInfo]:
    """The person's own templates, newest first. Raises AccessDenied."""
    async with deps.uow() as uow:
        owner_id = await _owner_id(uow, deps, ref)
        query = select(RequestTemplate).where(RequestTemplate.owner_id == owner_id)
        if kind is not None:
            query = query.where(RequestTemplate.kind == kind)
        rows = (await uow.session.exec(query.order_by(col(RequestTemplate.id).desc()))).all()
    return [_info(row) for row in rows]


async def load_template(
    deps: Deps, ref: ActorRef, template_id: int
) -> tuple[TemplateInfo, DraftData]:
    """One of the person's templates and the draft it holds. Raises AccessDenied, NotFound."""
    async with deps.uow() as uow:
        owner_id = await _owner_id(uow, deps, ref)
        template = await _own(uow, owner_id, template_id)
    draft = payload_to_draft(template.payload or {})
    draft.kind = template.kind
    return _info(template), draft


async def delete_template(deps: Deps, ref: ActorRef, template_id: int) -> None:
    """Delete one of the person's templates. Raises AccessDenied, NotFound."""
    async with deps.uow() as uow:
        owner_id = await _owner_id(uow, deps, ref)
        template = await _own(uow, owner_id, template_id)
        await uow.session.delete(template)
        await uow.commit()
    logger.info("template %s deleted by user %s", template_id, owner_id)


def _info(template: RequestTemplate) -> TemplateInfo:
    assert template.id is not None
    return TemplateInfo(template.id, template.name, template.kind, template.created_at)
