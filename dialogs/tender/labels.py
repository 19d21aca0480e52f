"""Short labels of the tender: a counterparty's vetting, a bid's source and VAT."""

from __future__ import annotations

from flows.errors import N_
from flows.lifecycle_views import EXPIRED, PENDING, REJECTED, UNCHECKED, VETTED

SECURITY = {
    VETTED: N_("✅ vetted"),
    PENDING: N_("⏳ being vetted"),
    REJECTED: N_("⛔ rejected by security"),
    EXPIRED: N_("⌛ vetting expired"),
    UNCHECKED: N_("▫️ not vetted"),
}
SOURCES = {"manual": N_("✍️ entered by hand"), "platform": N_("🌐 from the tender platform")}
VAT = {True: N_("incl. VAT"), False: N_("without VAT")}
