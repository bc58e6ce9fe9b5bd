"""The vocabularies of the curated format: the values a ``choice`` column may take, and the
other fixed lists the declaration (:mod:`ipgraph.dataset.model`) and the queries rely on."""

from __future__ import annotations

AGREEMENT_TYPES = (
    "TREATY",
    "SOFA",
    "RAA",
    "DCA",
    "ACSA",
    "GSOMIA",
    "EQUIPMENT",
    "DECLARATION",
    "PARTNERSHIP",
    "PROGRAMME",
)
#: Types whose documents take effect when issued rather than by ratification.
NON_BINDING_TYPES = ("DECLARATION", "PARTNERSHIP")
#: Status on a date, in life-cycle order: the latest step reached is the status.
STATUSES = ("announced", "negotiating", "signed", "in_force", "terminated")
LIFECYCLE = ("announced", "negotiationsStarted", "signed", "inForce", "terminated")
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
    "President",
    "Prime Minister",
    "Premier",
    "Foreign Minister",
    "Foreign Secretary",
    "Defence Minister",
    "Defence Secretary",
    "Secretary of State",
    "Secretary of Defense",
    "Foreign Ministry Spokesperson",
)
#: Posts that several people hold at once: no successor ends an open term.
PARALLEL_POSTS = ("Foreign Ministry Spokesperson",)
LINEAGE_KINDS = ("supersedes", "amends")
SHORT_NAME_MAX = 40
