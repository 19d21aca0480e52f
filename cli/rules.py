"""``tonnage rules list|show|set|preview``: the notification rules from the command line.

``set`` takes ``field=value`` pairs: ``enabled=no``, ``hours=2``, ``repeat_hours=0`` (stop
repeating), ``level=urgent``, ``recipients=head,executive_director``, ``quiet_override=yes``,
``template.ru=<Jinja source>`` (``@file`` reads the source from a file, an empty value removes
it); ``field=default`` gives a setting back to the default.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from flows.enums import Level
from flows.errors import DomainError
from flows.rules.defaults import VARIABLES
from flows.rules.model import HOURS_MEANING, Recipient, Rule, RuleEdits
from flows.rules.settings import RESETTABLE, edit_rule, get_rule, list_rules, preview_rule
from flows.rules.templates import default_source
from flows.services.context import Deps
from locales import DEFAULT_LOCALE, LOCALES

_TRUE = {"1", "yes", "true", "on"}
_FALSE = {"0", "no", "false", "off"}
_ALIASES = {"repeat": "repeat_hours", "quiet": "quiet_override"}


def register(commands: Any) -> None:
    parser = commands.add_parser("rules", help="list, show, change and preview notification rules")
    actions = parser.add_subparsers(dest="rules_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every rule with its settings")
    show = actions.add_parser("show", help="one rule in full, with its templates")
    show.add_argument("key")
    change = actions.add_parser("set", help="change settings: KEY field=value ...")
    change.add_argument("key")
    change.add_argument("pairs", nargs="+", metavar="field=value")
    look = actions.add_parser("preview", help="the rule's message with sample data")
    look.add_argument("key")
    look.add_argument("--locale", default=DEFAULT_LOCALE, choices=LOCALES)
    parser.set_defaults(handler=_handle)


async def _handle(args: argparse.Namespace) -> int:
    from bot.settings import get_settings
    from storage.db import create_engine, session_factory
    from storage.uow import uow_factory

    settings = get_settings()
    engine = create_engine(settings.database_url)
    try:
        deps = Deps(uow=uow_factory(session_factory(engine)), company_tz=settings.company_tz)
        code, text = await execute(deps, args)
    finally:
        await engine.dispose()
    print(text)
    return code


async def execute(deps: Deps, args: argparse.Namespace) -> tuple[int, str]:
    """Run one ``rules`` action; returns the exit code and the text to print."""
    try:
        if args.rules_action == "list":
            return 0, format_list(await list_rules(deps))
        if args.rules_action == "show":
            return 0, format_rule(await get_rule(deps, args.key))
        if args.rules_action == "preview":
            return 0, await preview_rule(deps, args.key, args.locale)
        edits, reset = parse_pairs(args.pairs)
        rule = await edit_rule(deps, args.key, edits, reset=reset)
        return 0, "Saved.\n" + format_rule(rule)
    except DomainError as error:
        return 1, f"Error: {error.log_text}"
    except ValueError as error:
        return 2, f"Error: {error}"


def parse_pairs(pairs: list[str]) -> tuple[RuleEdits, list[str]]:
    """``field=value`` pairs as edits plus the fields to reset; raises ValueError."""
    values: dict[str, Any] = {}
    templates: dict[str, str] = {}
    reset: list[str] = []
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = _ALIASES.get(name.strip(), name.strip())
        if not sep:
            raise ValueError(f"expected field=value, got {pair!r}")
        if raw.strip() == "default":
            reset.append("templates" if name.startswith("template") else name)
        elif name.startswith("template."):
            templates[name.removeprefix("template.")] = _source(raw)
        else:
            values[name] = _value(name, raw.strip())
    return RuleEdits(**values, templates=templates), reset


def _value(name: str, raw: str) -> Any:
    if name in ("enabled", "quiet_override"):
        if raw.lower() not in _TRUE | _FALSE:
            raise ValueError(f"{name} takes yes or no, got {raw!r}")
        return raw.lower() in _TRUE
    if name in ("hours", "repeat_hours"):
        return float(raw)
    if name == "level":
        return Level(raw)
    if name == "recipients":
        return tuple(Recipient(part.strip()) for part in raw.split(",") if part.strip())
    known = ", ".join(f for f in RESETTABLE if f != "templates")
    raise ValueError(f"unknown field {name!r}; known: {known}, template.<locale>")


def _source(raw: str) -> str:
    return Path(raw[1:]).read_text(encoding="utf-8") if raw.startswith("@") else raw


def format_list(rules: list[Rule]) -> str:
    lines = [f"{'key':<26} {'on':<4} {'level':<9} {'hours':>6} {'repeat':>7}  recipients"]
    for rule in rules:
        lines.append(
            f"{rule.key:<26} {'yes' if rule.enabled else 'no':<4} {rule.level.value:<9} "
            f"{_hours(rule.hours):>6} {_hours(rule.repeat_hours):>7}  "
            f"{','.join(r.value for r in rule.recipients)}"
            + ("  [quiet override]" if rule.overrides_quiet else "")
            + (f"  [templates: {','.join(sorted(rule.templates))}]" if rule.templates else "")
        )
    return "\n".join(lines)


def format_rule(rule: Rule) -> str:
    lines = [
        f"{rule.key}: {rule.title}",
        f"  trigger:        {rule.trigger.value} ({rule.watch.value})",
        f"  enabled:        {'yes' if rule.enabled else 'no'}",
        f"  level:          {rule.level.value}",
        f"  hours:          {_hours(rule.hours)} ({HOURS_MEANING[rule.watch]})",
        f"  repeat_hours:   {_hours(rule.repeat_hours)}",
        f"  recipients:     {', '.join(r.value for r in rule.recipients)}",
        f"  quiet_override: {'yes' if rule.quiet_override else 'no'}",
        f"  outbox key:     {rule.template_key}",
        f"  variables:      {', '.join(VARIABLES[rule.watch])}",
    ]
    for locale in LOCALES:
        source = rule.templates.get(locale)
        origin = "admin" if source else "default"
        source = source or default_source(rule, locale) or "(the bot's own text)"
        lines.append(f"  template.{locale} ({origin}):\n    {source}")
    return "\n".join(lines)


def _hours(value: float | None) -> str:
    if not value:
        return "-" if value is None else "0"
    return f"{value:g}"
