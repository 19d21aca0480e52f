"""The translation catalogue: gettext ``.po`` files per locale, merged at load time.

Each feature keeps its own file (``locales/ru/LC_MESSAGES/<feature>.po``); msgids are the
English texts, so English needs no file and falls back to the msgid. The files are compiled
in memory with Babel, so no build step produces ``.mo`` files.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from flows.errors import DomainError, Msg

LOCALES_DIR = Path(__file__).parent
DEFAULT_LOCALE = "ru"
LOCALES = ("ru", "en")


def _merged_catalog(locale: str) -> Catalog:
    merged = Catalog(locale=locale)
    for po_file in sorted((LOCALES_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale=locale):
                if message.id and message.string:
                    merged[message.id] = message
    return merged


def _compile(catalog: Catalog) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=1)
def translations() -> dict[str, gettext.NullTranslations]:
    """Compiled catalogues by locale (English falls back to the msgid)."""
    result: dict[str, gettext.NullTranslations] = {}
    for locale in LOCALES:
        result[locale] = _compile(_merged_catalog(locale))
    return result


def catalog_ids(locale: str = DEFAULT_LOCALE) -> set[str]:
    """Msgids with a non-empty translation (for the completeness test)."""
    return {str(m.id) for m in _merged_catalog(locale) if m.id and m.string}


def gettext_for(locale: str | None) -> gettext.NullTranslations:
    return translations().get(locale or DEFAULT_LOCALE) or translations()[DEFAULT_LOCALE]


def _(msgid: str, locale: str | None = DEFAULT_LOCALE) -> str:
    return gettext_for(locale).gettext(msgid)


def translate_params(params: Mapping[str, Any], locale: str | None) -> dict[str, Any]:
    """Translate parameter values that are msgids themselves; join sequences with commas."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, Msg):
            out[name] = _(value, locale)
        elif isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
            out[name] = ", ".join(_(v, locale) if isinstance(v, Msg) else v for v in value)
        else:
            out[name] = value
    return out


def render(
    msgid: str, params: Mapping[str, Any] | None = None, locale: str | None = DEFAULT_LOCALE
) -> str:
    text = _(msgid, locale)
    if not params:
        return text
    try:
        return text.format(**translate_params(params, locale))
    except (KeyError, IndexError, ValueError):
        return text


def render_error(error: DomainError, locale: str | None = DEFAULT_LOCALE) -> str:
    """The person's text for a domain error."""
    return render(error.message, error.params, locale)


def plural(forms: Iterable[str], count: int) -> str:
    """Russian plural: forms for 1, 2-4 and 5+ (e.g. заявка, заявки, заявок)."""
    one, few, many = tuple(forms)
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many
