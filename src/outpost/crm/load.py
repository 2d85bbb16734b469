"""Write a validated workspace into the store: entities, graph, CRM, team, queries.

Loading is an upsert keyed by entity key, team key, query name and social handle, so
loading the same file twice changes nothing.
"""

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outpost.config.workspace import CustomerSpec, Workspace
from outpost.errors import OutpostError
from outpost.store.models import (
    Company,
    Contact,
    Entity,
    Relation,
    SocialIdentity,
    TeamMember,
    TriageClass,
)
from outpost.watch.service import save_watch_query

logger = logging.getLogger(__name__)


@dataclass
class LoadSummary:
    """How many records of each kind a load created or changed."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[table] = target.get(table, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def split_handle(handle: str) -> tuple[str, str]:
    """Split ``platform:handle`` into a lower-case platform and a normalised handle."""
    platform, _, name = handle.partition(":")
    return platform.lower(), normalize_handle(name)


def normalize_handle(handle: str) -> str:
    """Return a handle as stored: lower-case, without a leading ``@``."""
    return handle.strip().removeprefix("@").casefold()


def load_workspace(session: Session, workspace: Workspace) -> LoadSummary:
    """Upsert everything in ``workspace`` into the store within ``session``.

    Raises ``OutpostError`` when the store already contains another company's
    workspace, because one store listens for one company.
    """
    _check_same_company(session, workspace)
    summary = LoadSummary()
    team = _load_team(session, workspace, summary)
    entities = _load_entities(session, workspace, summary)
    _load_relations(session, workspace, entities, summary)
    _load_companies(session, workspace, entities, team, summary)
    _load_queries(session, workspace, summary)
    _load_triage_classes(session, workspace, summary)
    logger.info("loaded workspace of %s", workspace.company.name)
    return summary


def _check_same_company(session: Session, workspace: Workspace) -> None:
    current = session.scalars(select(Entity).filter_by(kind="company")).first()
    if current is None or current.key == workspace.company.key:
        return
    raise OutpostError(
        f"this store already contains the workspace of {current.name} (key "
        f"{current.key!r}); load {workspace.company.name} into another store, for "
        "example --db sqlite:///other.db"
    )


def _upsert(
    session: Session,
    model: type[Any],
    lookup: dict[str, Any],
    values: dict[str, Any],
    summary: LoadSummary,
) -> Any:
    row = session.scalars(select(model).filter_by(**lookup)).one_or_none()
    if row is None:
        row = model(**lookup, **values)
        session.add(row)
        session.flush()
        summary.count(model.__tablename__, created=True)
        return row
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        summary.count(model.__tablename__, created=False)
    return row


def _load_team(
    session: Session, workspace: Workspace, summary: LoadSummary
) -> dict[str, TeamMember]:
    team = {}
    for member in workspace.team:
        values = {
            "name": member.name,
            "role": member.role,
            "skills": list(member.skills),
            "email": member.email,
            "capacity": member.capacity,
        }
        team[member.key] = _upsert(
            session, TeamMember, {"key": member.key}, values, summary
        )
    return team


def _entity_attributes(spec: Any) -> dict[str, Any]:
    skip = {"key", "name", "aliases", "contacts", "parts", "uses", "supplies"}
    skip |= {"equivalent_to", "brand", "maker", "handles"}
    attributes = {}
    for name, value in spec.model_dump(exclude_none=True).items():
        if name in skip:
            continue
        attributes[name] = value.isoformat() if isinstance(value, date) else value
    return attributes


def _load_entities(
    session: Session, workspace: Workspace, summary: LoadSummary
) -> dict[str, Entity]:
    entities = {}
    for kind, _path, spec in workspace.entities():
        values = {
            "kind": kind,
            "name": spec.name,
            "aliases": list(spec.aliases),
            "attributes": _entity_attributes(spec),
        }
        entities[spec.key] = _upsert(
            session, Entity, {"key": spec.key}, values, summary
        )
    return entities


def _graph_edges(workspace: Workspace) -> list[tuple[str, str, str]]:
    us = workspace.company.key
    edges = [(brand.key, "brand_of", us) for brand in workspace.brands]
    for product in workspace.products:
        edges.append((product.maker or us, "makes", product.key))
        if product.brand:
            edges.append((product.brand, "brand_of", product.key))
        edges.extend((part, "part_of", product.key) for part in product.parts)
    for part in workspace.parts:
        edges.append((part.maker or us, "makes", part.key))
        edges.extend((part.key, "equivalent_to", other) for other in part.equivalent_to)
    edges.extend((rival.key, "competes_with", us) for rival in workspace.competitors)
    for supplier in workspace.suppliers:
        edges.extend((supplier.key, "supplies", item) for item in supplier.supplies)
    for customer in workspace.customers:
        edges.append((customer.key, "customer_of", us))
        edges.extend((customer.key, "uses", item) for item in customer.uses)
    return edges


def _load_relations(
    session: Session,
    workspace: Workspace,
    entities: dict[str, Entity],
    summary: LoadSummary,
) -> None:
    for subject, kind, object_ in _graph_edges(workspace):
        lookup = {
            "subject_id": entities[subject].id,
            "kind": kind,
            "object_id": entities[object_].id,
        }
        _upsert(session, Relation, lookup, {}, summary)


def _load_companies(
    session: Session,
    workspace: Workspace,
    entities: dict[str, Entity],
    team: dict[str, TeamMember],
    summary: LoadSummary,
) -> None:
    groups: list[tuple[str, Any]] = [("us", workspace.company)]
    groups += [("competitor", spec) for spec in workspace.competitors]
    groups += [("supplier", spec) for spec in workspace.suppliers]
    groups += [("customer", spec) for spec in workspace.customers]
    for relationship, spec in groups:
        rep = getattr(spec, "rep", None)
        values = {
            "name": spec.name,
            "relationship": relationship,
            "rep_id": team[rep].id if rep else None,
        }
        company = _upsert(
            session, Company, {"entity_id": entities[spec.key].id}, values, summary
        )
        for handle in spec.handles:
            _load_identity(session, handle, None, company.id, summary)
        if isinstance(spec, CustomerSpec):
            _load_contacts(session, spec, company, summary)


def _load_contacts(
    session: Session, spec: CustomerSpec, company: Company, summary: LoadSummary
) -> None:
    for person in spec.contacts:
        values = {"email": person.email, "title": person.title}
        lookup = {"company_id": company.id, "name": person.name}
        contact = _upsert(session, Contact, lookup, values, summary)
        for handle in person.handles:
            _load_identity(session, handle, contact.id, company.id, summary)


def _load_identity(
    session: Session,
    handle: str,
    contact_id: int | None,
    company_id: int,
    summary: LoadSummary,
) -> None:
    platform, name = split_handle(handle)
    lookup = {"platform": platform, "handle": name}
    values = {"contact_id": contact_id, "company_id": company_id}
    _upsert(session, SocialIdentity, lookup, values, summary)


def _load_queries(
    session: Session,
    workspace: Workspace,
    summary: LoadSummary,
) -> None:
    for spec in workspace.queries:
        result = save_watch_query(
            session,
            spec.name,
            spec.query,
            entity_key=spec.entity,
            route=spec.route,
            priority=spec.priority,
        )
        if result.outcome != "unchanged":
            summary.count("watch_query", created=result.outcome == "created")


def _load_triage_classes(
    session: Session, workspace: Workspace, summary: LoadSummary
) -> None:
    groups = (
        ("intent", workspace.triage.intents),
        ("reason", workspace.triage.reasons),
    )
    for kind, specs in groups:
        for spec in specs:
            values = {
                "description": spec.description,
                "keywords": list(spec.keywords),
                "examples": list(spec.examples),
            }
            lookup = {"kind": kind, "name": spec.name}
            _upsert(session, TriageClass, lookup, values, summary)
