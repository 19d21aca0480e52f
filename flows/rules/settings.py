"""The admin's side of the rules: the effective rules, editing them, previews.

Edits are stored per rule in ``rule_settings``; a column left empty keeps the default, so a
default improved in a later version reaches every rule the admin did not touch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from flows.enums import Level
from flows.errors import N_, InvalidInput, NotFound
from flows.rules.defaults import DEFAULT_RULES, DEFAULTS_BY_KEY
from flows.rules.model import ALLOWED_RECIPIENTS, Recipient, Rule, RuleEdits, TriggerKind, Watch
from flows.rules.model import apply_edits as _apply
from flows.rules.templates import check_source, preview
from flows.services.context import Deps
from locales import LOCALES
from storage.repos.rules import RulesRepo
from storage.tables.rules import RuleSetting
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

RESETTABLE = (
    "enabled",
    "hours",
    "repeat_hours",
    "level",
    "recipients",
    "quiet_override",
    "templates",
)


def edits_of(row: RuleSetting) -> RuleEdits:
    """The edits a settings row holds; values a newer version no longer knows are skipped."""
    recipients = None
    if row.recipients is not None:
        known = {r.value for r in Recipient}
        recipients = tuple(Recipient(r) for r in row.recipients if r in known)
    level = Level(row.level) if row.level in {v.value for v in Level} else None
    return RuleEdits(
        enabled=row.enabled,
        hours=row.hours,
        repeat_hours=row.repeat_hours,
        level=level,
        recipients=recipients,
        quiet_override=row.quiet_override,
        templates=MappingProxyType(dict(row.templates or {})),
    )


async def load_rules(uow: UnitOfWork) -> list[Rule]:
    """Every rule with the admin's edits laid over its default, in the default order."""
    rows = {row.key: row for row in await RulesRepo(uow.session).settings()}
    return [_apply(r, edits_of(rows[r.key])) if r.key in rows else r for r in DEFAULT_RULES]


async def list_rules(deps: Deps) -> list[Rule]:
    async with deps.uow() as uow:
        return await load_rules(uow)


async def get_rule(deps: Deps, key: str) -> Rule:
    """The effective rule ``key``. Raises NotFound for an unknown key."""
    for rule in await list_rules(deps):
        if rule.key == key:
            return rule
    raise NotFound(N_("No rule is called {key}."), key=key)


async def event_rule(deps: Deps, template_key: str) -> Rule | None:
    """The rule governing the services' messages with this template key, if any: the outbox
    dispatcher skips the message when it is disabled and uses its template when set."""
    for rule in await list_rules(deps):
        if rule.event_template == template_key:
            return rule
    return None


def validate(rule: Rule) -> None:
    """Raises InvalidInput naming the first setting that cannot work."""
    if rule.hours < 0 or (rule.repeat_hours or 0) < 0:
        raise InvalidInput(N_("Working hours must not be negative."))
    if rule.repeat_hours and rule.trigger in (TriggerKind.calendar, TriggerKind.event):
        raise InvalidInput(N_("Only rules that wait on a request or a decision can repeat."))
    if not rule.recipients:
        raise InvalidInput(N_("A rule needs at least one recipient."))
    unfit = [r.value for r in rule.recipients if r not in ALLOWED_RECIPIENTS[rule.watch]]
    if unfit:
        raise InvalidInput(N_("These recipients do not fit this rule: {names}."), names=unfit)
    if rule.quiet_override and rule.level is not Level.urgent:
        raise InvalidInput(N_("Only urgent messages may break quiet hours."))
    for locale, source in rule.templates.items():
        if locale not in LOCALES:
            raise InvalidInput(
                N_("Unknown language {locale}; use one of: {locales}."),
                locale=locale,
                locales=", ".join(LOCALES),
            )
        # Event messages carry whatever their service puts in; only the syntax is checked.
        check_source(rule, source, locale, strict=rule.watch is not Watch.event)


def _write_edits(row: RuleSetting, edits: RuleEdits, reset: Iterable[str]) -> None:
    for name in ("enabled", "hours", "repeat_hours", "quiet_override"):
        value = getattr(edits, name)
        if value is not None:
            setattr(row, name, value)
    if edits.level is not None:
        row.level = edits.level.value
    if edits.recipients is not None:
        row.recipients = [r.value for r in edits.recipients]
    if edits.templates:
        merged = dict(row.templates or {})
        for locale, source in edits.templates.items():
            if source.strip():
                merged[locale] = source
            else:
                merged.pop(locale, None)
        row.templates = merged or None
    for name in reset:
        setattr(row, name, None)


async def edit_rule(
    deps: Deps,
    key: str,
    edits: RuleEdits,
    *,
    reset: Iterable[str] = (),
    by: int | None = None,
) -> Rule:
    """Change a rule's settings; ``reset`` names settings that go back to the default.

    An empty template source removes that language's template. Raises NotFound for an
    unknown rule, InvalidInput for a setting that cannot work (nothing is stored then).
    """
    default = DEFAULTS_BY_KEY.get(key)
    if default is None:
        raise NotFound(N_("No rule is called {key}."), key=key)
    reset = tuple(reset)
    unknown = [name for name in reset if name not in RESETTABLE]
    if unknown:
        raise InvalidInput(N_("These settings cannot be reset: {names}."), names=unknown)
    if default.watch is Watch.event and _changes_timing(edits, reset):
        raise InvalidInput(
            N_("This message is sent by the event itself: only switch it or change its text.")
        )
    now = deps.now()
    async with deps.uow() as uow:
        repo = RulesRepo(uow.session)
        row = await repo.setting(key) or RuleSetting(key=key, updated_at=now)
        _write_edits(row, edits, reset)
        rule = _apply(default, edits_of(row))
        validate(rule)
        row.updated_at, row.updated_by = now, by
        await repo.put(row)
        await uow.commit()
    logger.warning("rule %s changed by user %s", key, by)
    return rule


def _changes_timing(edits: RuleEdits, reset: Iterable[str]) -> bool:
    touched = {"hours", "repeat_hours", "level", "recipients", "quiet_override"}
    given = {name for name in touched if getattr(edits, name) is not None}
    return bool(given or touched & set(reset))


async def preview_rule(
    deps: Deps, key: str, locale: str | None, params: Mapping[str, Any] | None = None
) -> str:
    """The rule's message with sample data in ``locale``.

    Raises NotFound for an unknown rule, InvalidInput for an event rule without a template.
    """
    return preview(await get_rule(deps, key), locale, params)
