"""Read and validate a workspace TOML file.

A workspace describes the company once: us, our brands, products and parts, who makes
which part, our customers with their contacts and social handles, competitors,
suppliers with purchase-agreement renewal dates, the team, and the watch queries.
``read_workspace`` validates everything and raises one ``WorkspaceError`` that lists
every problem with its path in the file, such as ``queries[3].query: unbalanced
parenthesis at column 14``.
"""

import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from outpost.errors import QuerySyntaxError, WorkspaceError

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Handle = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, pattern=r"^[a-z][a-z0-9_-]*:@?[^\s:@][^\s]*$"
    ),
]
# Query names appear in commands such as `outpost watch backfill NAME`, so they
# are kept to characters that need no quoting in a shell.
QueryName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
]
Role = Literal["agent", "rep", "specialist", "manager"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntitySpec(_Strict):
    """Fields that every entity in the file shares."""

    key: Key
    name: Name
    aliases: list[Name] = Field(default_factory=list)


class CompanySpec(EntitySpec):
    """Our own company."""

    handles: list[Handle] = Field(default_factory=list)


class BrandSpec(EntitySpec):
    """One of our brands."""


class ProductSpec(EntitySpec):
    """A product: ours unless ``maker`` names a competitor or a customer."""

    brand: Key | None = None
    maker: Key | None = None
    parts: list[Key] = Field(default_factory=list)


class PartSpec(EntitySpec):
    """A part inside products, made by us, a competitor or a supplier."""

    category: Name | None = None
    maker: Key | None = None
    equivalent_to: list[Key] = Field(default_factory=list)
    better_because: Name | None = None


class CompetitorSpec(EntitySpec):
    """A competitor."""

    handles: list[Handle] = Field(default_factory=list)


class SupplierSpec(EntitySpec):
    """A supplier, with the renewal date of our purchase agreement."""

    supplies: list[Key] = Field(default_factory=list)
    agreement_renews: date | None = None
    owner: Key | None = None
    handles: list[Handle] = Field(default_factory=list)


class ContactSpec(_Strict):
    """A person at a customer company, with their social handles."""

    name: Name
    email: Name | None = None
    title: Name | None = None
    handles: list[Handle] = Field(default_factory=list)


class CustomerSpec(EntitySpec):
    """A customer company, its sales rep, what it uses and its contacts."""

    rep: Key | None = None
    uses: list[Key] = Field(default_factory=list)
    contacts: list[ContactSpec] = Field(default_factory=list)
    handles: list[Handle] = Field(default_factory=list)


class TeamMemberSpec(_Strict):
    """A service agent, sales rep, specialist or manager."""

    key: Key
    name: Name
    role: Role
    skills: list[Name] = Field(default_factory=list)
    email: Name | None = None
    capacity: int = Field(default=50, ge=0)


class QuerySpec(_Strict):
    """A named watch query, the entity it listens for and where its work goes.

    When several matching queries have a route, the highest ``priority`` decides
    where a case goes.
    """

    name: QueryName
    query: Name
    entity: Key | None = None
    route: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    priority: int = Field(default=0, ge=-1000, le=1000)


class TriageClassSpec(_Strict):
    """A workspace-defined intent or complaint reason, learned from its examples."""

    name: Key
    description: str = ""
    keywords: list[Name] = Field(default_factory=list)
    examples: list[Name] = Field(default_factory=list)


class TriageSpec(_Strict):
    """Extra intents and the complaint reasons that this company cares about."""

    intents: list[TriageClassSpec] = Field(default_factory=list)
    reasons: list[TriageClassSpec] = Field(default_factory=list)


class Workspace(_Strict):
    """A whole workspace file, validated."""

    company: CompanySpec
    brands: list[BrandSpec] = Field(default_factory=list)
    products: list[ProductSpec] = Field(default_factory=list)
    parts: list[PartSpec] = Field(default_factory=list)
    competitors: list[CompetitorSpec] = Field(default_factory=list)
    suppliers: list[SupplierSpec] = Field(default_factory=list)
    customers: list[CustomerSpec] = Field(default_factory=list)
    team: list[TeamMemberSpec] = Field(default_factory=list)
    queries: list[QuerySpec] = Field(default_factory=list)
    triage: TriageSpec = Field(default_factory=TriageSpec)

    def entities(self) -> Iterator[tuple[str, str, EntitySpec]]:
        """Yield ``(kind, path, spec)`` for every entity, us first."""
        yield "company", "company", self.company
        groups: list[tuple[str, str, list[EntitySpec]]] = [
            ("brand", "brands", list(self.brands)),
            ("product", "products", list(self.products)),
            ("part", "parts", list(self.parts)),
            ("competitor", "competitors", list(self.competitors)),
            ("supplier", "suppliers", list(self.suppliers)),
            ("customer", "customers", list(self.customers)),
        ]
        for kind, field, specs in groups:
            for index, spec in enumerate(specs):
                yield kind, f"{field}[{index}]", spec


def read_workspace(path: Path | str) -> Workspace:
    """Read, parse and validate a workspace file.

    Raises ``WorkspaceError`` listing every problem with its path in the file, so the
    caller can load nothing when anything is wrong.
    """
    path = Path(path)
    if not path.is_file():
        raise WorkspaceError(str(path), [f"file not found: {path}; check the path"])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problem = f"not valid UTF-8 at byte {error.start}; save the file as UTF-8"
        raise WorkspaceError(str(path), [problem]) from None
    except tomllib.TOMLDecodeError as error:
        raise WorkspaceError(str(path), [f"invalid TOML: {error}"]) from None

    try:
        workspace = Workspace.model_validate(data)
    except ValidationError as error:
        raise WorkspaceError(str(path), _describe_validation(error)) from None

    problems = _References(workspace).check() + list(_check_queries(workspace))
    if problems:
        raise WorkspaceError(str(path), problems)
    return workspace


def _format_location(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


def _describe_validation(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors(include_url=False):
        location = _format_location(tuple(item["loc"]))
        message = item["msg"]
        if item["type"] == "string_pattern_mismatch" and location.endswith(".name"):
            message = (
                f"invalid query name {item['input']!r}; use up to 200 letters, "
                "digits, '.', '-' and '_'"
            )
        elif item["type"] == "missing":
            message = "missing; this field is required"
        elif item["type"] == "extra_forbidden":
            message = "unknown field; check its spelling against the workspace guide"
        elif item["type"] == "string_pattern_mismatch" and location.endswith(".key"):
            message = (
                f"invalid key {item['input']!r}; use lower-case letters, digits, "
                "'-' and '_'"
            )
        problems.append(f"{location}: {message}")
    return problems


MAKER_KINDS = frozenset({"company", "competitor", "supplier", "customer"})


class _References:
    """Checks that keys are unique and that every reference names a defined key."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.kinds: dict[str, str] = {}
        self.team_keys: set[str] = set()
        self.problems: list[str] = []

    def check(self) -> list[str]:
        self._collect_keys()
        self._check_products_and_parts()
        self._check_suppliers_and_customers()
        self._check_queries()
        self._check_triage()
        return self.problems

    def _collect_keys(self) -> None:
        for kind, path, spec in self.workspace.entities():
            if spec.key in self.kinds:
                self._duplicate(path, spec.key)
            self.kinds.setdefault(spec.key, kind)
        for index, member in enumerate(self.workspace.team):
            if member.key in self.kinds or member.key in self.team_keys:
                self._duplicate(f"team[{index}]", member.key)
            self.team_keys.add(member.key)

    def _duplicate(self, path: str, key: str) -> None:
        self.problems.append(f"{path}.key: duplicate key {key!r}; keys must be unique")

    def _entity(
        self, path: str, key: str | None, allowed: set[str] | frozenset[str], what: str
    ) -> None:
        if key is None:
            return
        if key not in self.kinds:
            self.problems.append(f"{path}: unknown {what} {key!r}; define it first")
        elif self.kinds[key] not in allowed:
            expected = " or ".join(sorted(allowed))
            self.problems.append(
                f"{path}: {key!r} is a {self.kinds[key]}, expected a {expected}"
            )

    def _member(self, path: str, key: str | None) -> None:
        if key is not None and key not in self.team_keys:
            self.problems.append(
                f"{path}: unknown team member {key!r}; add them to [[team]]"
            )

    def _check_products_and_parts(self) -> None:
        for index, product in enumerate(self.workspace.products):
            path = f"products[{index}]"
            self._entity(f"{path}.brand", product.brand, {"brand"}, "brand")
            self._entity(f"{path}.maker", product.maker, MAKER_KINDS, "maker")
            for position, part in enumerate(product.parts):
                self._entity(f"{path}.parts[{position}]", part, {"part"}, "part")
        for index, spec in enumerate(self.workspace.parts):
            path = f"parts[{index}]"
            self._entity(f"{path}.maker", spec.maker, MAKER_KINDS, "maker")
            for position, other in enumerate(spec.equivalent_to):
                self._entity(
                    f"{path}.equivalent_to[{position}]", other, {"part"}, "part"
                )

    def _check_suppliers_and_customers(self) -> None:
        items = {"part", "product"}
        for index, supplier in enumerate(self.workspace.suppliers):
            path = f"suppliers[{index}]"
            for position, item in enumerate(supplier.supplies):
                self._entity(f"{path}.supplies[{position}]", item, items, "part")
            self._member(f"{path}.owner", supplier.owner)
        for index, customer in enumerate(self.workspace.customers):
            path = f"customers[{index}]"
            self._member(f"{path}.rep", customer.rep)
            for position, item in enumerate(customer.uses):
                self._entity(f"{path}.uses[{position}]", item, items, "part or product")

    def _check_queries(self) -> None:
        names: set[str] = set()
        every_kind = set(self.kinds.values())
        for index, query in enumerate(self.workspace.queries):
            path = f"queries[{index}]"
            if query.name in names:
                self.problems.append(
                    f"{path}.name: duplicate query name {query.name!r}"
                )
            names.add(query.name)
            self._entity(f"{path}.entity", query.entity, every_kind, "entity")
            self._route(f"{path}.route", query.route)

    def _route(self, path: str, route: str | None) -> None:
        routes = self.team_keys | {
            skill.casefold()
            for member in self.workspace.team
            for skill in member.skills
        }
        if route is None or not self.workspace.team or route.casefold() in routes:
            return
        self.problems.append(
            f"{path}: unknown route {route!r}; use a team key or a skill of the "
            f"team: {', '.join(sorted(routes))}"
        )

    def _check_triage(self) -> None:
        groups = (
            ("intents", self.workspace.triage.intents),
            ("reasons", self.workspace.triage.reasons),
        )
        for field, specs in groups:
            seen: set[str] = set()
            for index, spec in enumerate(specs):
                path = f"triage.{field}[{index}].name"
                if spec.name in seen:
                    self.problems.append(f"{path}: duplicate name {spec.name!r}")
                seen.add(spec.name)
                if field == "intents" and spec.name in STANDARD_INTENTS:
                    self.problems.append(
                        f"{path}: {spec.name!r} is a built-in intent; "
                        "choose another name"
                    )


STANDARD_INTENTS = frozenset(
    {"question", "complaint", "praise", "buying_signal", "churn_risk", "switching"}
)


def _check_queries(workspace: Workspace) -> Iterator[str]:
    from outpost.query import parse_query

    for index, query in enumerate(workspace.queries):
        try:
            parse_query(query.query)
        except QuerySyntaxError as error:
            yield f"queries[{index}].query: {error}"
