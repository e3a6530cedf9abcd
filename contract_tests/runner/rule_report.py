"""The rule coverage of a run, as scripts/conform shows it: a table per operation and per kind, the
rules never exercised (grouped by why), the figures as JUnit properties, and the JSON summary.

Figures count the rules of the document's inventory (openapi_document.Rule): how many the run
exercised, and how many it verified (contract_tests.suite.rule_coverage says what both mean).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests.suite.rule_coverage import RuleOutcome
from openapi_document import API, KINDS

EXAMPLES = 2  # rule ids shown per group of rules that were not exercised
SUMMARY_FORMAT = 1  # the version of the JSON summary's layout


@dataclass(frozen=True)
class Figures:
    rules: int = 0
    exercised: int = 0
    verified: int = 0

    @property
    def verified_percent(self) -> float:
        return 100.0 * self.verified / self.rules if self.rules else 100.0

    @property
    def exercised_percent(self) -> float:
        return 100.0 * self.exercised / self.rules if self.rules else 100.0

    def as_json(self) -> dict[str, Any]:
        return {
            "rules": self.rules,
            "exercised": self.exercised,
            "verified": self.verified,
            "exercised_percent": round(self.exercised_percent, 1),
            "verified_percent": round(self.verified_percent, 1),
        }


def figures(outcomes: Iterable[RuleOutcome]) -> Figures:
    listed = list(outcomes)
    return Figures(len(listed), sum(o.exercised for o in listed), sum(o.verified for o in listed))


@dataclass(frozen=True)
class Group:
    """Rules left out for the same reason."""

    reason: str
    rules: tuple[RuleOutcome, ...]

    @property
    def operations(self) -> list[str]:
        return sorted({outcome.rule.operation or API for outcome in self.rules})


class RuleReport:
    def __init__(self, outcomes: Sequence[RuleOutcome]) -> None:
        self.outcomes = outcomes
        self.total = figures(outcomes)
        by_operation: defaultdict[str, list[RuleOutcome]] = defaultdict(list)
        by_kind: defaultdict[str, list[RuleOutcome]] = defaultdict(list)
        for outcome in outcomes:
            by_operation[outcome.rule.operation or API].append(outcome)
            by_kind[outcome.rule.kind].append(outcome)
        api_last = sorted(by_operation, key=lambda name: (name == API, name))
        self.operations = {name: figures(by_operation[name]) for name in api_last}
        self.kinds = {kind: figures(by_kind[kind]) for kind in KINDS if kind in by_kind}
        self.not_exercised = _groups(outcome for outcome in outcomes if not outcome.exercised)
        self.not_verified = _groups(outcome for outcome in outcomes if outcome.exercised and not outcome.verified)

    def below(self, threshold: float | None) -> str | None:
        """Why the run fails --min-rule-coverage, or None."""
        if threshold is None or self.total.verified_percent >= threshold:
            return None
        return (
            f"the run verified {self.total.verified_percent:.1f}% of the document's rules ({self.total.verified} of "
            f"{self.total.rules}), below --min-rule-coverage {threshold:g}"
        )

    # -- the terminal -------------------------------------------------------------------------

    def lines(self) -> list[str]:
        lines = [
            "",
            "rules of the document: exercised (an answer or request they applied to), verified (and a check judged "
            "them there)",
            f"{'operation':<30}{'rules':>7}{'exercised':>16}{'verified':>16}",
        ]
        lines += [
            _row(name if name != API else "(the API as a whole)", value) for name, value in self.operations.items()
        ]
        lines.append(_row("total", self.total))
        lines.append(f"{'kind':<30}{'rules':>7}{'exercised':>16}{'verified':>16}")
        lines += [_row(kind, value) for kind, value in self.kinds.items()]
        for title, groups in (("never exercised", self.not_exercised), ("exercised, not verified", self.not_verified)):
            count = sum(len(group.rules) for group in groups)
            if not count:
                continue
            lines.append(f"{title}: {count} rules, by reason")
            for group in groups:
                examples = "; ".join(outcome.rule.id for outcome in group.rules[:EXAMPLES])
                more = ", ..." if len(group.rules) > EXAMPLES else ""
                lines.append(f"  {len(group.rules):>4}  {group.reason} ({_operations(group)})")
                lines.append(f"        e.g. {examples}{more}")
        return lines

    # -- for CI -------------------------------------------------------------------------------

    def junit_properties(self) -> list[tuple[str, str]]:
        properties = _properties("rules", self.total)
        for kind, value in self.kinds.items():
            properties += _properties(f"rules.kind.{kind.replace(' ', '-')}", value)
        for name, value in self.operations.items():
            properties += _properties(f"rules.operation.{name}", value)
        return properties

    def summary(
        self, *, document: str, version: str, target: str, result: str, threshold: float | None
    ) -> dict[str, Any]:
        return {
            "format": SUMMARY_FORMAT,
            "document": document,
            "version": version,
            "target": target,
            "result": result,
            "min_rule_coverage": threshold,
            "meets_min_rule_coverage": None if threshold is None else self.below(threshold) is None,
            "totals": self.total.as_json(),
            "kinds": {kind: value.as_json() for kind, value in self.kinds.items()},
            "operations": {name: value.as_json() for name, value in self.operations.items()},
            "not_exercised": [_group_json(group) for group in self.not_exercised],
            "not_verified": [_group_json(group) for group in self.not_verified],
            "rules": [
                {
                    "id": outcome.rule.id,
                    "text": outcome.rule.text,
                    "operation": outcome.rule.operation,
                    "kind": outcome.rule.kind,
                    "key": outcome.rule.key,
                    "pointer": outcome.rule.pointer,
                    "inferred": outcome.rule.inferred,
                    "exercised": outcome.exercised,
                    "verified": outcome.verified,
                    "reason": outcome.reason or None,
                }
                for outcome in self.outcomes
            ],
        }


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _groups(outcomes: Iterable[RuleOutcome]) -> list[Group]:
    grouped: defaultdict[str, list[RuleOutcome]] = defaultdict(list)
    for outcome in outcomes:
        grouped[outcome.reason].append(outcome)
    return sorted((Group(reason, tuple(rules)) for reason, rules in grouped.items()), key=lambda g: -len(g.rules))


def _group_json(group: Group) -> dict[str, Any]:
    return {"reason": group.reason, "rules": [outcome.rule.id for outcome in group.rules]}


def _operations(group: Group) -> str:
    names = group.operations
    if len(names) == 1:
        return names[0]
    return f"{len(names)} operations" if len(names) > 3 else ", ".join(names)


def _row(label: str, value: Figures) -> str:
    exercised = f"{value.exercised} {value.exercised_percent:5.1f}%"
    verified = f"{value.verified} {value.verified_percent:5.1f}%"
    return f"{label[:29]:<30}{value.rules:>7}{exercised:>16}{verified:>16}"


def _properties(prefix: str, value: Figures) -> list[tuple[str, str]]:
    return [
        (prefix, str(value.rules)),
        (f"{prefix}.exercised", str(value.exercised)),
        (f"{prefix}.verified", str(value.verified)),
        (f"{prefix}.verified_percent", f"{value.verified_percent:.1f}"),
    ]
