"""Rendering a rule's message: Jinja in a sandbox, HTML-escaped, in the recipient's language.

The default source of a rule is its English msgid translated through the catalogue; an
admin's source for the locale wins. Messages go out with HTML parse mode, so every value is
escaped and a template may use Telegram's tags (``<b>``, ``<i>``). A broken admin source
never loses the message: it falls back to the default and logs a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, Undefined
from jinja2.sandbox import SandboxedEnvironment

from flows.errors import N_, InvalidInput
from flows.rules.defaults import DEFAULTS_BY_KEY, VARIABLES
from flows.rules.model import TEMPLATE_PREFIX, Rule
from locales import DEFAULT_LOCALE, gettext_for, render

logger = logging.getLogger(__name__)

# Outbox params key carrying the admin's sources by locale, copied when the row is written.
TEMPLATES_PARAM = "templates"
LATE_LINE = N_("⏰ Sent late: this was due at {due}.")


@lru_cache(maxsize=2)
def _environment(strict: bool) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined if strict else Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def default_source(rule: Rule, locale: str | None) -> str | None:
    """The catalogue's source of the rule's default template in ``locale``."""
    if rule.template is None:
        return None
    return gettext_for(locale).gettext(rule.template)


def _render_source(source: str, params: Mapping[str, Any], locale: str, strict: bool) -> str:
    translate = gettext_for(locale).gettext
    template = _environment(strict).from_string(source)
    return template.render({**params, "tr": translate}).strip()


def render_rule(
    template_key: str,
    params: Mapping[str, Any],
    locale: str | None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """The text of an outbox row whose template key is ``rule:<key>``, ready for HTML mode.

    ``overrides`` are the admin's sources by locale; by default those copied into the row's
    params when it was written. Raises KeyError for a key that names no rule template.
    """
    rule = DEFAULTS_BY_KEY[template_key.removeprefix(TEMPLATE_PREFIX)]
    locale = locale or DEFAULT_LOCALE
    sources = overrides if overrides is not None else params.get(TEMPLATES_PARAM) or {}
    text = None
    if sources.get(locale):
        try:
            text = _render_source(sources[locale], params, locale, strict=False)
        except TemplateError:
            logger.warning("rule %s: the %s template failed; using the default", rule.key, locale)
    if text is None:
        source = default_source(rule, locale)
        if source is None:
            raise KeyError(template_key)
        text = _render_source(source, params, locale, strict=False)
    return _mark_late(text, params, locale)


def render_event(rule: Rule, params: Mapping[str, Any], locale: str | None) -> str | None:
    """The admin's text for an event message (``tender_restarted`` ...), or None when the
    bot's own catalogue text stands."""
    locale = locale or DEFAULT_LOCALE
    source = rule.templates.get(locale)
    if not source:
        return None
    try:
        return _render_source(source, params, locale, strict=False)
    except TemplateError:
        logger.warning("rule %s: the %s template failed; using the default", rule.key, locale)
        return None


def _mark_late(text: str, params: Mapping[str, Any], locale: str) -> str:
    if not params.get("late"):
        return text
    return render(LATE_LINE, {"due": params.get("due", "")}, locale) + "\n" + text


def check_source(rule: Rule, source: str, locale: str, *, strict: bool = True) -> str:
    """Render an admin's source with the sample data of its rule; returns the text.

    ``strict`` also refuses variables the rule does not offer. Raises InvalidInput naming
    the Jinja error (syntax, an unknown variable, a sandbox stop).
    """
    try:
        return _render_source(source, VARIABLES[rule.watch], locale, strict=strict)
    except TemplateError as error:
        raise InvalidInput(N_("The template does not work: {error}"), error=str(error)) from error


def preview(rule: Rule, locale: str | None, params: Mapping[str, Any] | None = None) -> str:
    """The rule's message with sample data (or ``params``), as its recipient would see it.

    Raises InvalidInput for an event rule without a template of its own.
    """
    locale = locale or DEFAULT_LOCALE
    data = dict(params if params is not None else VARIABLES[rule.watch])
    source = rule.templates.get(locale) or default_source(rule, locale)
    if source is None:
        raise InvalidInput(
            N_("This message is written by the bot's own text; set a template to replace it.")
        )
    return _mark_late(_render_source(source, data, locale, strict=False), data, locale)
