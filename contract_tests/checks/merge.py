"""Merge: the union rule, checked against snapshots of both contacts taken just before."""

from __future__ import annotations

from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.bodies import id_set, variable_values
from contract_tests.checks.registry import INFERRED, MergeRuleBroken, fail, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, succeeded


def snapshot_before_merge(case: ApiCase, kwargs: dict[str, Any]) -> None:
    """Before a merge, remembers both contacts, so that `merge_follows_the_rule` can compare.

    A `before_call` hook calls it (contract_tests.hooks, or the suite's conftest after the write
    guard has chosen the ids), so it is not registered here."""
    if not is_operation(case, "uniteContacts") or "Authorization" not in (case.headers or {}):
        return
    snapshots = []
    for name in ("contactId", "targetContactId"):
        operation = case.operation.schema.find_operation_by_id("getContact")
        follow = operation.Case(path_parameters={"contactId": case.path_parameters.get(name)})
        base_url = {"base_url": kwargs["base_url"]} if kwargs.get("base_url") else {}
        answer = follow.call(headers={"Authorization": case.headers["Authorization"]}, **base_url)
        snapshots.append(json_body(answer) if answer.status_code == 200 else None)
    state_of(case).merge_snapshots[case.id] = (snapshots[0], snapshots[1])


def merged_variable_problem(own: Any, target: Any, merged: Any) -> str | None:
    """What is wrong with a merged variable value, if anything.

    A read shows a variable's default value when a contact has none of its own, so a value the
    contact shows may be a default that the target's value rightly replaces: when both contacts
    show a value, the merged one must be one of the two, not necessarily the contact's."""
    empty = (None, "")
    if own in empty and target not in empty and merged != target:
        return f"the contact had none, the target {target!r}, the merged contact shows {merged!r}"
    if own not in empty and target in empty and merged != own:
        return f"the contact had {own!r}, the target none, the merged contact shows {merged!r}"
    if own not in empty and target not in empty and merged not in (own, target):
        return f"the contact had {own!r}, the target {target!r}, the merged contact shows {merged!r}"
    return None


@semantic_check
def merge_follows_the_rule(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a merge, the target is gone; the contact has the union of both contacts' tags and
    funnels; the variables it lacked come from the target, and the ones it had are kept."""
    if not is_operation(case, "uniteContacts"):
        return True
    state = state_of(case)
    own, target = state.merge_snapshots.pop(case.id, (None, None))
    if not succeeded(response):
        return True
    problems = state.settled(lambda: _merge_problems(case, response, own, target), lambda problems: not problems)
    if problems:
        fail(MergeRuleBroken, case, "; ".join(problems))
    return None


def _merge_problems(case: ApiCase, response: Response, own: Any, target: Any) -> list[str]:
    """What the contacts, read now, show wrong about the merge (nothing when it followed the rule)."""
    contact_id, target_id = case.path_parameters.get("contactId"), case.path_parameters.get("targetContactId")
    gone = follow_up(case, response, "getContact", path_parameters={"contactId": target_id})
    if gone.status_code != 404:
        return [f"the merged target {target_id} still answers {gone.status_code}, not 404 {INFERRED}"]
    merged_answer = follow_up(case, response, "getContact", path_parameters={"contactId": contact_id})
    merged = json_body(merged_answer)
    if merged_answer.status_code != 200 or not isinstance(merged, dict):
        return [f"contact {contact_id} answers {merged_answer.status_code} after the merge"]
    if own is None or target is None:
        return []  # no snapshot (e.g. the hooks module was not loaded): only the removal is checked
    problems = []
    for key in ("tags", "funnels"):
        missing = (id_set(own, key) | id_set(target, key)) - id_set(merged, key)
        if missing:
            problems.append(f"{key} {sorted(missing, key=str)} of the two contacts are missing")
    own_values, target_values, merged_values = variable_values(own), variable_values(target), variable_values(merged)
    for name, value in own_values.items():
        problem = merged_variable_problem(value, target_values.get(name), merged_values.get(name))
        if problem:
            problems.append(f"variable {name}: {problem}")
    return [f"merging {target_id} into {contact_id}: " + "; ".join(problems)] if problems else []
