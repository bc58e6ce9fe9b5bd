"""The controlled vocabularies of the curated dataset (documented in data/README.md)."""

from __future__ import annotations

AGREEMENT_TYPES = ("RAA", "ACSA", "TREATY", "DECLARATION", "PROGRAMME", "PARTNERSHIP")
GROUPING_KINDS = (
    "alliance",
    "security_pact",
    "dialogue",
    "intelligence",
    "regional_organisation",
    "union",
    "programme",
    "other",
)
EVENT_KINDS = ("meeting", "summit", "signing", "ship_visit", "exercise", "announcement")
ROLE_TITLES = (
    "Prime Minister",
    "President",
    "Foreign Minister",
    "Foreign Secretary",
    "Defence Secretary",
    "Defence Minister",
    "Secretary of State",
    "Secretary of Defense",
    "Foreign Ministry Spokesperson",
)
