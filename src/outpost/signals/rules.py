"""Rules that turn a triaged, linked post into signals, each with its explanation.

- case: a question, a complaint or a churn risk about us (our company, brands or
  what we make);
- opportunity: a complaint by a customer company about a part it uses that a
  competitor makes and we make an equivalent of, for that account's rep. A buying
  signal that names us, a competitor or a kind of part we make is one too (a lead);
- alert: negative talk about a supplier, with the renewal date of our agreement.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from outpost.crm.graph import CompanyGraph, EntityNode, Identity, Member
from outpost.triage import Labels

SERVICE_INTENTS = ("complaint", "question", "churn_risk")
SERVICE_VERBS = {
    "complaint": "complains about",
    "question": "asks a question about",
    "churn_risk": "may stop buying",
}
# Rank of each entity kind by how narrowly it names what a post is about, most
# specific first. A query that listens for a topic rather than an entity ranks
# between products and brands.
SPECIFICITY = {"part": 0, "product": 1, "topic": 2, "brand": 3, "company": 4}
RENEWAL_WINDOW_DAYS = 90


@dataclass(frozen=True, slots=True)
class QueryHit:
    """A watch query that matched the post."""

    query_id: int
    name: str
    entity_id: int | None
    route: str | None
    spans: list[tuple[int, int]]
    priority: int = 0


@dataclass
class PostContext:
    """Everything the rules know about one post."""

    post_id: int
    author: str | None
    platform: str
    labels: Labels
    hits: list[QueryHit]
    entities: dict[int, list[tuple[int, int]]]
    categories: dict[str, list[tuple[int, int]]]
    identity: Identity | None
    today: date


@dataclass(frozen=True, slots=True)
class SignalDraft:
    """A signal to store: ``dedupe_key`` keeps reprocessing from repeating it."""

    kind: str
    title: str
    explanation: str
    entity_id: int | None
    assignee_id: int | None
    priority: str
    evidence: dict[str, Any]
    dedupe_key: str


@dataclass
class Router:
    """Assign cases to agents by skill, spreading work by open load."""

    graph: CompanyGraph
    open_load: Counter[int] = field(default_factory=Counter)

    def assign(self, route: str | None) -> Member | None:
        members = [m for m in self.graph.team.values() if m.role != "manager"]
        if route:
            requested = route.casefold()
            exact = [m for m in members if m.key == requested]
            if exact:
                return self._take(exact)
            skilled = [m for m in members if requested in m.skills]
            if skilled:
                return self._take(skilled)
        agents = [m for m in members if m.role == "agent"]
        return self._take(agents) if agents else None

    def assign_rep(self, route: str | None) -> Member | None:
        """Return the rep for a lead: one with the route as skill, else any rep."""
        reps = [m for m in self.graph.team.values() if m.role == "rep"]
        if route:
            skilled = [m for m in reps if route.casefold() in m.skills]
            reps = skilled or reps
        return self._take(reps) if reps else None

    def _take(self, members: list[Member]) -> Member:
        chosen = min(members, key=lambda m: (self.open_load[m.id], m.key))
        self.open_load[chosen.id] += 1
        return chosen


def derive_signals(
    context: PostContext, graph: CompanyGraph, router: Router
) -> list[SignalDraft]:
    """Apply every rule to one post and return the signals it makes.

    Our own posts make no signals: a reply by our support handle is not new work.
    """
    if context.identity is not None and context.identity.relationship == "us":
        return []
    drafts = []
    case = _case(context, graph, router)
    if case:
        drafts.append(case)
    drafts.extend(_opportunities(context, graph))
    lead = _lead(context, graph, router)
    if lead:
        drafts.append(lead)
    drafts.extend(_supplier_alerts(context, graph))
    return drafts


def _who(context: PostContext) -> str:
    handle = f"@{context.author}" if context.author else "an unknown author"
    identity = context.identity
    if identity and identity.contact_name and identity.company_name:
        return f"{identity.contact_name} ({handle}) of {identity.company_name}"
    if identity and identity.company_name:
        return f"{identity.company_name} ({handle})"
    return handle


def _evidence(context: PostContext, rule: str, **extra: Any) -> dict[str, Any]:
    return {
        "rule": rule,
        "post_id": context.post_id,
        "queries": [hit.name for hit in context.hits],
        "spans": sorted({span for hit in context.hits for span in hit.spans}),
        "labels": context.labels.to_dict(),
        **extra,
    }


def _case(
    context: PostContext, graph: CompanyGraph, router: Router
) -> SignalDraft | None:
    intents = [i for i in SERVICE_INTENTS if i in context.labels.intents]
    ours = [graph.entities[i] for i in context.entities if graph.is_ours(i)]
    if not intents or not ours:
        return None

    subject = _most_specific(ours)
    route = _route(context.hits, graph)
    assignee = router.assign(route)
    intent = intents[0]
    verb = SERVICE_VERBS[intent]
    urgent = context.labels.urgency == "high"
    explanation = (
        f"{_who(context)} {verb} {subject.name} in public "
        f"(sentiment {context.labels.sentiment}" + (", urgent" if urgent else "") + ")"
    )
    if context.hits:
        names = ", ".join(repr(hit.name) for hit in context.hits)
        noun = "query" if len(context.hits) == 1 else "queries"
        explanation += f"; matched watch {noun} {names}"
    if assignee:
        reason = f"route {route!r}" if route else "open load"
        explanation += f". Assigned to {assignee.name} by {reason}."
    else:
        explanation += ". No agent is defined in the workspace to assign it to."
    return SignalDraft(
        kind="case",
        title=f"{intent.replace('_', ' ').capitalize()} about {subject.name} "
        f"from {_who(context)}",
        explanation=explanation,
        entity_id=subject.id,
        assignee_id=assignee.id if assignee else None,
        priority="high" if urgent else "normal",
        evidence=_evidence(context, "case", intents=intents, route=route),
        dedupe_key=f"case:{context.post_id}",
    )


def _route(hits: list[QueryHit], graph: CompanyGraph) -> str | None:
    """Return the route of the matching query with the highest priority; among
    equals, the one whose entity is most specific, then the first listed."""
    routed = [hit for hit in hits if hit.route]
    if not routed:
        return None

    def rank(hit: QueryHit) -> tuple[int, int]:
        kind = graph.entities[hit.entity_id].kind if hit.entity_id else "topic"
        return (-hit.priority, SPECIFICITY.get(kind, len(SPECIFICITY)))

    return min(routed, key=rank).route


def _most_specific(nodes: list[EntityNode]) -> EntityNode:
    return min(nodes, key=lambda node: (SPECIFICITY.get(node.kind, 9), node.key))


def _opportunities(context: PostContext, graph: CompanyGraph) -> list[SignalDraft]:
    identity = context.identity
    labels = context.labels
    if identity is None or identity.relationship != "customer":
        return []
    if "complaint" not in labels.intents and labels.sentiment != "negative":
        return []
    assert identity.company_entity_id is not None

    drafts = []
    for part, product in graph.parts_used_by(identity.company_entity_id):
        named = part.id in context.entities
        category = str(part.attributes.get("category", "")).casefold()
        if not named and category not in context.categories:
            continue
        rivals = [m for m in graph.makers_of(part.id) if m.kind == "competitor"]
        ours = [p for p in graph.equivalents(part.id) if graph.is_ours(p.id)]
        if not rivals or not ours:
            continue
        drafts.append(_opportunity(context, graph, part, product, rivals[0], ours[0]))
    return drafts


def _opportunity(
    context: PostContext,
    graph: CompanyGraph,
    part: EntityNode,
    product: EntityNode | None,
    rival: EntityNode,
    ours: EntityNode,
) -> SignalDraft:
    identity = context.identity
    assert identity is not None and identity.company_name is not None
    rep = graph.team.get(identity.rep_id) if identity.rep_id else None
    where = f" in its {product.name}" if product else ""
    better = ours.attributes.get("better_because")
    explanation = (
        f"{_who(context)} complains about the {part.name}{where}. "
        f"{identity.company_name} is our customer; that {part.name} is made by "
        f"our competitor {rival.name}, and we make the equivalent {ours.name}"
        + (f" ({better})" if better else "")
        + "."
    )
    explanation += (
        f" Opportunity for the account's rep, {rep.name}."
        if rep
        else " The account has no rep in the workspace."
    )
    return SignalDraft(
        kind="opportunity",
        title=f"Replace {_possessive(rival.name)} {part.name} at "
        f"{identity.company_name}",
        explanation=explanation,
        entity_id=part.id,
        assignee_id=rep.id if rep else None,
        priority="high" if context.labels.urgency == "high" else "normal",
        evidence=_evidence(
            context,
            "competitor_part_complaint",
            customer=identity.company_name,
            part=part.key,
            product=product.key if product else None,
            competitor=rival.key,
            our_part=ours.key,
        ),
        dedupe_key=f"opportunity:{context.post_id}:{part.key}",
    )


def _lead(
    context: PostContext, graph: CompanyGraph, router: Router
) -> SignalDraft | None:
    """Make a sales lead of a buying signal that names us, a rival or our parts."""
    if "buying_signal" not in context.labels.intents:
        return None
    named = [graph.entities[i] for i in context.entities]
    subjects = [n for n in named if graph.is_ours(n.id) or n.kind == "competitor"]
    ours_by_category = [
        node
        for node in graph.entities.values()
        if node.kind == "part"
        and graph.is_ours(node.id)
        and str(node.attributes.get("category", "")).casefold() in context.categories
    ]
    if not subjects and not ours_by_category:
        return None

    identity = context.identity
    rep = graph.team.get(identity.rep_id) if identity and identity.rep_id else None
    rep = rep or router.assign_rep(_route(context.hits, graph))
    named_text = ", ".join(n.name for n in subjects) or ours_by_category[
        0
    ].attributes.get("category", "")
    explanation = f"{_who(context)} is looking to buy and names {named_text}."
    if ours_by_category:
        offer = ", ".join(node.name for node in ours_by_category[:3])
        explanation += f" We make {offer}."
    explanation += f" Lead for {rep.name}." if rep else " No rep in the workspace."
    return SignalDraft(
        kind="opportunity",
        title=f"Buying signal from {_who(context)}",
        explanation=explanation,
        entity_id=(subjects or ours_by_category)[0].id,
        assignee_id=rep.id if rep else None,
        priority="normal",
        evidence=_evidence(
            context,
            "buying_signal",
            named=[n.key for n in subjects],
            our_parts=[n.key for n in ours_by_category],
        ),
        dedupe_key=f"opportunity:{context.post_id}:lead",
    )


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _supplier_alerts(context: PostContext, graph: CompanyGraph) -> list[SignalDraft]:
    labels = context.labels
    if labels.sentiment != "negative" and "complaint" not in labels.intents:
        return []
    drafts = []
    for entity_id in context.entities:
        supplier = graph.entities[entity_id]
        if supplier.kind == "supplier":
            drafts.append(_supplier_alert(context, graph, supplier))
    return drafts


def _supplier_alert(
    context: PostContext, graph: CompanyGraph, supplier: EntityNode
) -> SignalDraft:
    supplies = ", ".join(node.name for node in graph.related(supplier.id, "supplies"))
    explanation = f"Negative talk about our supplier {supplier.name}"
    explanation += f" (supplies {supplies})" if supplies else ""
    explanation += f" by {_who(context)}."
    priority = "normal"
    renews = supplier.attributes.get("agreement_renews")
    if renews:
        days = (date.fromisoformat(renews) - context.today).days
        if 0 <= days <= RENEWAL_WINDOW_DAYS:
            explanation += (
                f" Our purchase agreement renews on {renews}, in {days} days: "
                "weigh this before renewing."
            )
            priority = "high"
        elif days >= 0:
            explanation += f" Our purchase agreement renews on {renews}."
        else:
            explanation += f" Our purchase agreement was due for renewal on {renews}."
    owner = _supplier_owner(graph, supplier)
    return SignalDraft(
        kind="alert",
        title=f"Supplier risk: {supplier.name}",
        explanation=explanation,
        entity_id=supplier.id,
        assignee_id=owner.id if owner else None,
        priority=priority,
        evidence=_evidence(
            context, "supplier_risk", supplier=supplier.key, renews=renews
        ),
        dedupe_key=f"alert:{context.post_id}:{supplier.key}",
    )


def _supplier_owner(graph: CompanyGraph, supplier: EntityNode) -> Member | None:
    owner_key = supplier.attributes.get("owner")
    for member in graph.team.values():
        if member.key == owner_key:
            return member
    managers = [m for m in graph.team.values() if m.role == "manager"]
    return managers[0] if managers else None
