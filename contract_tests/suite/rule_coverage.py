"""Which rules of the document a run exercised, and which it verified.

A rule is **exercised** by an answer or a request it applied to: a status rule by any answer of its
operation, a media type rule by an answer of its status, a header rule by an answer that carried
the header, a body rule by an answer of its status that held the value it constrains (of the type
it constrains: `minimum` by a number), a request rule by a request that broke it, a method rule by
a request with a method its path does not take, a behaviour rule by an answer a check judged it on.
It is **verified** when, on such an answer, a check that verifies it judged it: a built-in check of
schemathesis that ran on the answer and judged its rules there (contract_tests.checks.verifiers),
or a semantic check that said it did (contract_tests.checks.registry).

Filled by the run's `after_validate` hook and by the semantic checks' judgements (RunState.on_judged).
The accounting stays cheap: an answer's body is walked only along the paths of rules not yet done,
and requests are judged against small compiled validators.
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import jsonschema_rs
from schemathesis import Response
from schemathesis.engine import Status

from contract_tests.checks.registry import DECLARED
from contract_tests.checks.run_state import RunState
from contract_tests.checks.verifiers import BUILT_INS, UNCHECKED
from contract_tests.follow_up import ApiCase, operation_id
from openapi_document import Document, Rule, to_json_schema

_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_INT64 = (-(2**63), 2**63 - 1)
_INTEGER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class RuleOutcome:
    rule: Rule
    exercised: bool
    verified: bool
    reason: str = ""  # why it was not exercised, or not verified ("" when verified)


@dataclass(frozen=True)
class Target:
    """What of the run decides which rules it can verify."""

    state: RunState
    excluded: Mapping[str, str]  # operationId -> why it is not in the run
    off_built_ins: Mapping[str, str]  # a built-in check switched off -> why
    # operationId -> (part, name) of a request's value the write guard chooses -> what it sends there
    # (("body", "name"): "one value only"; ("path", "contactId"): "only allowed ids (...)")
    pinned: Mapping[str, Mapping[tuple[str, str], str]]


class _Node:
    """The body rules at one place of an answer, and the places below it."""

    __slots__ = ("children", "items", "open", "others", "parent", "rules")

    def __init__(self, parent: _Node | None) -> None:
        self.parent = parent
        self.rules: list[Rule] = []
        self.children: dict[str, _Node] = {}
        self.items: _Node | None = None
        self.others: _Node | None = None
        self.open = 0  # rules in this subtree not yet done


def _value_is(kind: str | None, value: Any) -> bool:
    if kind is None:
        return True
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if kind == "integer" else isinstance(value, int | float)


def _walk(node: _Node, value: Any, found: set[Rule]) -> None:
    if node.open == 0:
        return
    found.update(rule for rule in node.rules if _value_is(rule.applies_to, value))
    if isinstance(value, dict):
        for name, child in node.children.items():
            if name in value:
                _walk(child, value[name], found)
        if node.others is not None:
            for name, item in value.items():
                if name not in node.children:
                    _walk(node.others, item, found)
    elif isinstance(value, list) and node.items is not None:
        for item in value:
            _walk(node.items, item, found)


class _RequestRule:
    """A request rule, with what tells whether a request broke it."""

    def __init__(self, rule: Rule, integer_parameter: bool, document: Mapping[str, Any]) -> None:
        self.rule = rule
        self.part = rule.location[0]  # query, path, header, cookie or body
        self.name = rule.location[1] if self.part != "body" else ""  # of a parameter
        self.path = rule.location[1:] if self.part == "body" else rule.location[2:]
        self.integer_parameter = integer_parameter
        keyword, value = rule.keyword, rule.value
        schema: dict[str, Any] | None
        if keyword == "format" and value in ("int64", "int32"):
            schema = None  # a range, checked below
        elif keyword == "required":
            schema = {"required": [value]} if value is not None else None
        elif keyword == "additionalProperties":
            schema = {"properties": {name: {} for name in value}, "additionalProperties": False}
        elif keyword == "media type" or keyword is None:
            schema = None
        elif keyword in ("anyOf", "oneOf"):  # its value names the members; the schema holds them
            combined = to_json_schema(document, {"$ref": "#" + rule.pointer.rsplit("/", 1)[0]})
            schema = {keyword: combined[keyword]}
        else:
            schema = {keyword: value}
        self.validator = jsonschema_rs.validator_for(schema, validate_formats=True) if schema is not None else None

    def broken_by(self, sent: _SentRequest) -> bool:
        keyword = self.rule.keyword
        if self.part == "body":
            if keyword == "required" and self.rule.value is None:
                return not sent.has_body
            if keyword == "media type":
                return sent.has_body and (sent.media_type not in self.rule.value or sent.body is _NOT_JSON)
            values = list(_values_at(sent.body, self.path)) if sent.body is not _NOT_JSON else []
        else:
            parameters = sent.parameters(self.part)
            if keyword == "required":
                return self.name not in parameters
            if self.name not in parameters:
                return False
            values = [self._from_the_wire(text) for text in parameters[self.name]]
        return any(self._breaks(value) for value in values)

    def _from_the_wire(self, text: str) -> Any:
        return int(text) if self.integer_parameter and _INTEGER.fullmatch(text) else text

    def _breaks(self, value: Any) -> bool:
        if self.validator is not None:
            return not self.validator.is_valid(value)
        low, high = _INT64 if self.rule.value == "int64" else (-(2**31), 2**31 - 1)
        return isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high


_NOT_JSON = object()


def _values_at(value: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        yield value
        return
    step, rest = path[0], path[1:]
    if step == "[]" and isinstance(value, list):
        for item in value:
            yield from _values_at(item, rest)
    elif step == "*" and isinstance(value, dict):
        for item in value.values():
            yield from _values_at(item, rest)
    elif isinstance(value, dict) and step in value:
        yield from _values_at(value[step], rest)


class _SentRequest:
    """A request as it went on the wire (after the write guard), read from the answer's request."""

    def __init__(self, response: Response, route: re.Pattern[str]) -> None:
        request = response.request
        url = urlsplit(str(request.url))
        self._query: dict[str, list[str]] = defaultdict(list)
        for name, text in parse_qsl(url.query, keep_blank_values=True):
            self._query[name].append(text)
        found = route.search(url.path)
        self._path = {name: [unquote(text)] for name, text in found.groupdict().items()} if found else {}
        raw = request.body if isinstance(request.body, bytes | str) else None  # a stream is not read here
        self.has_body = bool(raw)
        content_type = request.headers.get("Content-Type") or ""
        self.media_type = str(content_type).split(";", 1)[0].strip().lower()
        self.body: Any = _NOT_JSON
        if raw:
            try:
                self.body = json.loads(raw)
            except ValueError:
                self.body = _NOT_JSON

    def parameters(self, part: str) -> Mapping[str, list[str]]:
        return self._query if part == "query" else self._path if part == "path" else {}


@dataclass
class _OperationRules:
    route: re.Pattern[str]
    status: Rule | None = None
    media: dict[int, Rule] = field(default_factory=dict)
    headers: dict[int, dict[str, list[Rule]]] = field(default_factory=dict)
    bodies: dict[int, _Node] = field(default_factory=dict)
    requests: list[_RequestRule] = field(default_factory=list)
    behaviour: dict[str, Rule] = field(default_factory=dict)  # key -> rule


class RuleCoverage:
    def __init__(self, document: Document, target: Target) -> None:
        self.document, self.target = document, target
        self.rules = document.rules
        self._lock = threading.Lock()
        self._by_id = {rule.id: rule for rule in self.rules}
        self.exercised: set[str] = set()
        self.verified: set[str] = set()
        self._answers: set[tuple[str, int]] = set()  # (operationId, status) of every answer judged
        self._pending: defaultdict[str, list[frozenset[str]]] = defaultdict(list)  # case id -> judgements
        self._node_of: dict[str, _Node] = {}
        self._verifiers = {rule.id: self._verifiers_of(rule) for rule in self.rules}
        self.verifiable = {
            rule.id for rule in self.rules if any(self._enabled(name, rule) for name in self._verifiers[rule.id])
        }
        self._operations = self._compile()
        self._method_rules = {rule.location[0]: rule for rule in self.rules if rule.kind == "method"}

    # -- set-up -------------------------------------------------------------------------------

    def _verifiers_of(self, rule: Rule) -> list[str]:
        built_ins = [name for name, built_in in BUILT_INS.items() if rule.key in built_in.rules]
        semantic = [
            name for name, declared in DECLARED.items() if rule.key in declared.rules or rule.id in declared.rules
        ]
        return built_ins + semantic

    def _enabled(self, check: str, rule: Rule) -> bool:
        if check in BUILT_INS:
            return check not in self.target.off_built_ins
        return DECLARED[check].why_off(self.target.state, rule.operation or "") is None

    def _compile(self) -> dict[str, _OperationRules]:
        compiled: dict[str, _OperationRules] = {}
        for operation in self.document.operations:
            compiled[operation.operation_id] = _OperationRules(_route(operation.path))
        for rule in self.rules:
            if rule.operation is None or rule.operation not in compiled:
                continue
            rules = compiled[rule.operation]
            if rule.kind == "status":
                rules.status = rule
            elif rule.kind == "media type" and rule.status is not None:
                rules.media[rule.status] = rule
            elif rule.kind == "header" and rule.status is not None:
                rules.headers.setdefault(rule.status, {}).setdefault(rule.location[0].lower(), []).append(rule)
            elif rule.kind == "body" and rule.status is not None:
                self._place(rules.bodies.setdefault(rule.status, _Node(None)), rule)
            elif rule.kind == "request":
                operation = self.document.operation(rule.operation)
                integer = rule.location[0] != "body" and _integer_parameter(operation, rule.location[1])
                rules.requests.append(_RequestRule(rule, integer, self.document.raw))
            elif rule.kind == "behaviour":
                rules.behaviour[rule.key] = rule
        return compiled

    def _place(self, root: _Node, rule: Rule) -> None:
        node = root
        for step in rule.location:
            if step == "[]":
                node.items = node.items or _Node(node)
                node = node.items
            elif step == "*":
                node.others = node.others or _Node(node)
                node = node.others
            else:
                node = node.children.setdefault(step, _Node(node))
        node.rules.append(rule)
        self._node_of[rule.id] = node
        while node is not None:
            node.open += 1
            node = node.parent  # type: ignore[assignment]

    # -- during the run -----------------------------------------------------------------------

    def judged(self, case: ApiCase, check: str, rules: frozenset[str]) -> None:
        """RunState.on_judged: a semantic check judged these rules on the case's answer."""
        with self._lock:
            self._pending[case.id].append(rules)

    def after_validate(self, case: ApiCase, response: Response, results: list[Any]) -> None:
        operation = operation_id(case)
        with self._lock:
            judgements = self._pending.pop(case.id, [])
            rules = self._operations.get(operation)
            if rules is None:
                return
            exercised = self._exercised_by(case, response, operation, rules)
            verified: set[Rule] = set()
            by_key: defaultdict[str, list[Rule]] = defaultdict(list)
            for rule in exercised:
                by_key[rule.key].append(rule)
            for result in results:
                built_in = BUILT_INS.get(result.name)
                if built_in is None or result.status not in (Status.SUCCESS, Status.FAILURE):
                    continue
                if result.name in self.target.off_built_ins or not built_in.judges(case, response):
                    continue
                verified |= self._judged_rules(built_in.rules, rules, by_key, exercised)
            for judged in judgements:
                verified |= self._judged_rules(judged, rules, by_key, exercised)
            self._mark(exercised, verified)

    def _judged_rules(
        self, keys: frozenset[str], rules: _OperationRules, by_key: Mapping[str, list[Rule]], exercised: set[Rule]
    ) -> set[Rule]:
        """The rules that a judgement of `keys` verified on an answer that exercised `exercised` (a
        behaviour rule is exercised by the judgement itself)."""
        verified: set[Rule] = set()
        for key in keys:
            if key in self._by_id:
                verified.add(self._by_id[key])
            elif key in rules.behaviour:
                verified.add(rules.behaviour[key])
            else:
                verified.update(by_key.get(key, ()))
        exercised |= {rule for rule in verified if rule.kind == "behaviour"}
        return verified

    def _exercised_by(self, case: ApiCase, response: Response, operation: str, rules: _OperationRules) -> set[Rule]:
        found: set[Rule] = set()
        if case.method.upper() != case.operation.method.upper():
            method_rule = self._method_rules.get(case.operation.path)
            return {method_rule} if method_rule is not None else found
        status = response.status_code
        self._answers.add((operation, status))
        if rules.status is not None:
            found.add(rules.status)
        if status in rules.media:
            found.add(rules.media[status])
        for name, header_rules in rules.headers.get(status, {}).items():
            if response.headers.get(name):
                found.update(header_rules)
        node = rules.bodies.get(status)
        if node is not None and node.open:
            try:
                body = response.json()
            except ValueError:
                body = None
            else:
                _walk(node, body, found)
        if case.meta is not None and rules.requests:
            sent = _SentRequest(response, rules.route)
            found.update(request.rule for request in rules.requests if request.broken_by(sent))
        return found

    def _mark(self, exercised: set[Rule], verified: set[Rule]) -> None:
        for rule in exercised:
            if rule.id not in self.exercised:
                self.exercised.add(rule.id)
                if rule.id not in self.verifiable:
                    self._done(rule)
        for rule in verified:
            if rule in exercised and rule.id not in self.verified:
                self.verified.add(rule.id)
                if rule.id in self.verifiable:
                    self._done(rule)

    def _done(self, rule: Rule) -> None:
        node: _Node | None = self._node_of.get(rule.id)
        while node is not None:
            node.open -= 1
            node = node.parent

    # -- at the end ---------------------------------------------------------------------------

    def outcomes(self) -> list[RuleOutcome]:
        with self._lock:
            return [
                RuleOutcome(rule, rule.id in self.exercised, rule.id in self.verified, self._reason(rule))
                for rule in self.rules
            ]

    def _reason(self, rule: Rule) -> str:
        """Why a rule was not exercised, or else not verified ("" when it was verified)."""
        if rule.id in self.verified:
            return ""
        where = (rule.location[0], rule.location[1]) if len(rule.location) > 1 else None
        pinned = self.target.pinned.get(rule.operation or "", {}).get(where) if where else None
        reasons: tuple[tuple[bool, Callable[[], str]], ...] = (
            (rule.key in UNCHECKED, lambda: f"not checked: {UNCHECKED[rule.key]}"),
            (rule.operation in self.target.excluded, lambda: self.target.excluded[rule.operation or ""]),
            (
                rule.kind == "request" and pinned is not None,
                lambda: f"the write guard sends real servers {pinned} in `{rule.location[1]}`",
            ),
            (not self._verifiers[rule.id], lambda: "no check of this suite verifies it"),
            (
                rule.id not in self.verifiable,
                lambda: "off on this target: " + "; ".join(dict.fromkeys(self._why_off(rule))),
            ),
            (rule.id in self.exercised, lambda: "no check judged the answers that exercised it"),
        )
        return next((reason() for applies, reason in reasons if applies), None) or self._unseen(rule)

    def _why_off(self, rule: Rule) -> Iterator[str]:
        for name in self._verifiers[rule.id]:
            if name in BUILT_INS:
                yield f"{name}: {self.target.off_built_ins.get(name, '')}".rstrip(": ")
            else:
                yield f"{name}: {DECLARED[name].why_off(self.target.state, rule.operation or '')}"

    def _unseen(self, rule: Rule) -> str:
        if (
            rule.kind == "request"
            and rule.location[0] != "body"
            and rule.keyword == "type"
            and rule.value == ["string"]
        ):
            return "a query or path value is always text: no request can break it"
        if rule.kind in ("media type", "header", "body") and (rule.operation, rule.status) not in self._answers:
            return f"no {rule.status} answer was seen"
        if rule.kind == "behaviour":
            answers = [
                BUILT_INS[name].when if name in BUILT_INS else DECLARED[name].when
                for name in self._verifiers[rule.id]
                if self._enabled(name, rule)
            ]
            return f"no {' or '.join(dict.fromkeys(answers))} was seen"
        return {
            "status": "the operation was never answered",
            "header": "no answer carried the header",
            "body": "no answer held the value it constrains",
            "request": "no request broke it",
            "method": "no request with a method its path does not take was sent",
        }[rule.kind]


def _route(template: str) -> re.Pattern[str]:
    """A pattern of the paths of `template`, with a named group per parameter; matched at the end
    of a request's path (a proxy may serve the API under a path of its own)."""
    parts = _PARAMETER.split(template)  # text, parameter name, text, ...
    pattern = "".join(f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts))
    return re.compile(pattern + "$")


def _integer_parameter(operation: Any, name: str) -> bool:
    try:
        schema = operation.parameter(name).schema
    except LookupError:
        return False
    kind = schema.get("type")
    return kind == "integer" or (isinstance(kind, list) and "integer" in kind)
