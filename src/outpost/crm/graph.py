"""The company graph in memory: entities, typed relations, identities and the team.

The pipeline loads it once per run and queries it for supply-chain facts: who makes
this part, which of our parts is equivalent to it, which parts does this customer
use, whose handle wrote this post.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outpost.crm.load import normalize_handle
from outpost.store.models import (
    Company,
    Contact,
    Entity,
    Relation,
    SocialIdentity,
    TeamMember,
)

OUR_KINDS = frozenset({"company", "brand"})


@dataclass(frozen=True, slots=True)
class EntityNode:
    """One entity of the graph."""

    id: int
    key: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    attributes: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Member:
    """A member of the team who can be assigned signals."""

    id: int
    key: str
    name: str
    role: str
    skills: frozenset[str]


@dataclass(frozen=True, slots=True)
class Identity:
    """The owner of a social handle: a contact at a company, or a company itself."""

    platform: str
    handle: str
    company_entity_id: int | None
    company_name: str | None
    relationship: str | None
    contact_name: str | None
    rep_id: int | None


@dataclass
class CompanyGraph:
    """Entities and relations of one workspace, indexed for the signal rules."""

    entities: dict[int, EntityNode] = field(default_factory=dict)
    outgoing: dict[tuple[int, str], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    incoming: dict[tuple[str, int], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    identities: dict[tuple[str, str], Identity] = field(default_factory=dict)
    team: dict[int, Member] = field(default_factory=dict)
    us_id: int | None = None

    def by_key(self, key: str) -> EntityNode | None:
        for node in self.entities.values():
            if node.key == key:
                return node
        return None

    def related(self, subject_id: int, kind: str) -> list[EntityNode]:
        """Return the objects of ``subject KIND object`` edges."""
        return [self.entities[i] for i in self.outgoing.get((subject_id, kind), [])]

    def related_to(self, kind: str, object_id: int) -> list[EntityNode]:
        """Return the subjects of ``subject KIND object`` edges."""
        return [self.entities[i] for i in self.incoming.get((kind, object_id), [])]

    def makers_of(self, entity_id: int) -> list[EntityNode]:
        return self.related_to("makes", entity_id)

    def is_ours(self, entity_id: int) -> bool:
        """Tell whether an entity is us, one of our brands or something we make."""
        node = self.entities[entity_id]
        if node.kind in OUR_KINDS:
            return True
        return any(maker.id == self.us_id for maker in self.makers_of(entity_id))

    def equivalents(self, part_id: int) -> list[EntityNode]:
        """Return the parts declared equivalent to ``part_id``, in either direction."""
        found = self.related(part_id, "equivalent_to")
        found += self.related_to("equivalent_to", part_id)
        return list({node.id: node for node in found}.values())

    def parts_used_by(
        self, company_id: int
    ) -> list[tuple[EntityNode, EntityNode | None]]:
        """Return ``(part, product)`` pairs for every part a company uses.

        A company uses a part directly, inside a product it uses, or inside a
        product it makes. ``product`` is None for a part used directly.
        """
        pairs: list[tuple[EntityNode, EntityNode | None]] = []
        products = self.related(company_id, "makes") + self.related(company_id, "uses")
        for item in products:
            if item.kind == "part":
                pairs.append((item, None))
            else:
                pairs.extend(
                    (part, item) for part in self.related_to("part_of", item.id)
                )
        return pairs

    def find_identity(self, platform: str, handle: str | None) -> Identity | None:
        if not handle:
            return None
        return self.identities.get((platform.lower(), normalize_handle(handle)))


def load_graph(session: Session) -> CompanyGraph:
    """Read the whole company graph, CRM identities and team from the store."""
    graph = CompanyGraph()
    for entity in session.scalars(select(Entity)):
        graph.entities[entity.id] = EntityNode(
            entity.id,
            entity.key,
            entity.kind,
            entity.name,
            tuple(entity.aliases),
            dict(entity.attributes),
        )
        if entity.kind == "company":
            graph.us_id = entity.id
    for relation in session.scalars(select(Relation)):
        graph.outgoing[(relation.subject_id, relation.kind)].append(relation.object_id)
        graph.incoming[(relation.kind, relation.object_id)].append(relation.subject_id)
    for member in session.scalars(select(TeamMember)):
        graph.team[member.id] = Member(
            member.id,
            member.key,
            member.name,
            member.role,
            frozenset(skill.casefold() for skill in member.skills),
        )
    _load_identities(session, graph)
    return graph


def _load_identities(session: Session, graph: CompanyGraph) -> None:
    rows = session.execute(
        select(SocialIdentity, Company, Contact)
        .outerjoin(Company, SocialIdentity.company_id == Company.id)
        .outerjoin(Contact, SocialIdentity.contact_id == Contact.id)
    )
    for identity, company, contact in rows:
        graph.identities[(identity.platform, identity.handle)] = Identity(
            platform=identity.platform,
            handle=identity.handle,
            company_entity_id=company.entity_id if company else None,
            company_name=company.name if company else None,
            relationship=company.relationship if company else None,
            contact_name=contact.name if contact else None,
            rep_id=company.rep_id if company else None,
        )
