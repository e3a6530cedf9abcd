"""Merge: the union rule, checked against snapshots of both contacts taken just before; a refused
merge changes nothing; a contact cannot be merged with itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.bodies import id_set, ids, variable_values
from contract_tests.checks.registry import (
    INFERRED,
    MergeRuleBroken,
    RefusalMissing,
    fail,
    judging,
    sandbox_only,
    semantic_check,
)
from contract_tests.checks.run_state import state_of
from contract_tests.checks.sub_lists import LARGEST_PAGE, every_item
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, succeeded

NOTE_BEFORE_MERGE = "Written before a merge, to see it move to the kept contact"


@dataclass(frozen=True)
class MergeSnapshot:
    """Both contacts as read just before a merge (None: not readable), and the target's gates
    (None: not read, or more than one page of them)."""

    own: Any
    target: Any
    target_gates: frozenset[Any] | None


def snapshot_before_merge(case: ApiCase, kwargs: dict[str, Any]) -> None:
    """Before a merge, remembers both contacts and the target's gates, so that
    `merge_follows_the_rule` can compare. On the embedded sandbox, a target without notes first
    gets one (NOTE_BEFORE_MERGE), so that there is a note to see move.

    A `before_call` hook calls it (contract_tests.hooks, or the suite's conftest after the write
    guard has chosen the ids), so it is not registered here."""
    if not is_operation(case, "uniteContacts") or "Authorization" not in (case.headers or {}):
        return
    headers = {"Authorization": case.headers["Authorization"]}
    base_url = {"base_url": kwargs["base_url"]} if kwargs.get("base_url") else {}

    def read(operation_id: str, contact_id: Any, body: Any = None, **query: Any) -> Response:
        operation = case.operation.schema.find_operation_by_id(operation_id)
        extra: dict[str, Any] = {} if body is None else {"body": body, "media_type": "application/json"}
        follow = operation.Case(path_parameters={"contactId": contact_id}, query=query, **extra)
        answer: Response = follow.call(headers=headers, **base_url)
        return answer

    def contact(name: str) -> Any:
        answer = read("getContact", case.path_parameters.get(name))
        return json_body(answer) if answer.status_code == 200 else None

    contacts = [contact("contactId"), contact("targetContactId")]
    readable = contacts[0] is not None and contacts[1] is not None
    same = str(case.path_parameters.get("contactId")) == str(case.path_parameters.get("targetContactId"))
    if readable and not same and not state_of(case).live and not id_set(contacts[1], "notes"):
        # So that the merge's notes rule can be judged: on the embedded sandbox only (a note is a write).
        read("createContactNote", case.path_parameters.get("targetContactId"), body={"content": NOTE_BEFORE_MERGE})
        contacts[1] = contact("targetContactId")
    gates = None
    if readable:
        listed = read("listContactGates", case.path_parameters.get("targetContactId"), limitation=LARGEST_PAGE)
        page = json_body(listed)
        if listed.status_code == 200 and isinstance(page, dict) and isinstance(page.get("collection"), list):
            cursor = page.get("cursor")
            if isinstance(cursor, dict) and cursor.get("pages") in (0, 1):
                gates = frozenset(ids(page["collection"]))
    state_of(case).merge_snapshots[case.id] = MergeSnapshot(contacts[0], contacts[1], gates)


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


@semantic_check(
    rules=(
        "merge-removes-target",
        "merge-unites-in-favour-of-contact",
        "merge-moves-gates",
        "merge-moves-notes",
        "merge-is-all-or-nothing",
    ),
    when="merge of two readable contacts (or refused merge of a readable one)",
)
def merge_follows_the_rule(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a merge, the target is gone; the contact has the union of both contacts' tags and
    funnels and the target's gates and notes; the variables it lacked come from the target, and the ones it
    had are kept. After a refused merge, both contacts are as they were."""
    if not is_operation(case, "uniteContacts"):
        return True
    state = state_of(case)
    snapshot = state.merge_snapshots.pop(case.id, MergeSnapshot(None, None, None))
    if 400 <= response.status_code < 500 and response.status_code != 429:
        return _refused_merge_changed_nothing(case, response, snapshot)
    if not succeeded(response):
        return True
    judging(
        "merge-removes-target",
        *(("merge-unites-in-favour-of-contact",) if snapshot.own is not None and snapshot.target is not None else ()),
        *(("merge-moves-gates",) if snapshot.target_gates else ()),
        *(("merge-moves-notes",) if id_set(snapshot.target, "notes") else ()),
    )
    problems = state.settled(lambda: _merge_problems(case, response, snapshot), lambda problems: not problems)
    if problems:
        fail(MergeRuleBroken, case, "; ".join(problems))
    return None


def _merge_problems(case: ApiCase, response: Response, snapshot: MergeSnapshot) -> list[str]:
    """What the contacts, read now, show wrong about the merge (nothing when it followed the rule)."""
    contact_id, target_id = case.path_parameters.get("contactId"), case.path_parameters.get("targetContactId")
    gone = follow_up(case, response, "getContact", path_parameters={"contactId": target_id})
    if gone.status_code != 404:
        return [f"the merged target {target_id} still answers {gone.status_code}, not 404 {INFERRED}"]
    merged_answer = follow_up(case, response, "getContact", path_parameters={"contactId": contact_id})
    merged = json_body(merged_answer)
    if merged_answer.status_code != 200 or not isinstance(merged, dict):
        return [f"contact {contact_id} answers {merged_answer.status_code} after the merge"]
    own, target = snapshot.own, snapshot.target
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
    lost_notes = id_set(target, "notes") - id_set(merged, "notes")
    if lost_notes:
        problems.append(f"the target's notes {sorted(lost_notes, key=str)} did not move to the contact {INFERRED}")
    if snapshot.target_gates:
        lost = snapshot.target_gates - set(ids(every_item(case, response, "listContactGates", contact_id) or []))
        if lost:
            problems.append(f"the target's gates {sorted(lost, key=str)} did not move to the contact {INFERRED}")
    return [f"merging {target_id} into {contact_id}: " + "; ".join(problems)] if problems else []


def _refused_merge_changed_nothing(case: ApiCase, response: Response, snapshot: MergeSnapshot) -> bool | None:
    """A merge is all or nothing: after a refusal, the contact (if it was readable) shows the same
    tags, funnels, notes and variables, and the target (if it was readable) can still be read."""
    if snapshot.own is None and snapshot.target is None:
        return True  # neither contact was readable before: nothing to compare
    judging("merge-is-all-or-nothing")
    contact_id, target_id = case.path_parameters.get("contactId"), case.path_parameters.get("targetContactId")
    problems = []
    if snapshot.own is not None:
        answer = follow_up(case, response, "getContact", path_parameters={"contactId": contact_id})
        now = json_body(answer)
        if answer.status_code != 200 or not isinstance(now, dict):
            problems.append(f"contact {contact_id} answers {answer.status_code}")
        else:
            problems += _changes(snapshot.own, now)
    if snapshot.target is not None and str(target_id) != str(contact_id):
        target = follow_up(case, response, "getContact", path_parameters={"contactId": target_id})
        if target.status_code != 200:
            problems.append(f"the target {target_id} answers {target.status_code}")
    if problems:
        refused = f"merging {target_id} into {contact_id} was refused ({response.status_code}), but "
        fail(MergeRuleBroken, case, refused + "; ".join(problems) + f" {INFERRED}")
    return None


def _changes(before: Any, now: Any) -> list[str]:
    changes = [
        f"its {key} changed from {sorted(id_set(before, key), key=str)} to {sorted(id_set(now, key), key=str)}"
        for key in ("tags", "funnels", "notes")
        if id_set(now, key) != id_set(before, key)
    ]
    return changes + (["its variables changed"] if variable_values(now) != variable_values(before) else [])


@semantic_check(
    rules=("merge-with-itself-is-refused",),
    off=sandbox_only("the write guard sends real servers only the planned merge of the second contact into the first"),
    when="successful merge",
)
def self_merge_is_refused(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """Merging a contact with itself answers 409 (once per test, after a successful merge: its
    contact exists)."""
    if state_of(case).live or not is_operation(case, "uniteContacts") or not succeeded(response):
        return True
    if not state_of(case).first_time("self-merge"):
        return True
    contact_id = case.path_parameters.get("contactId")
    parameters = {"contactId": contact_id, "targetContactId": contact_id}
    answer = follow_up(case, response, "uniteContacts", path_parameters=parameters, validated=True)
    if answer.status_code != 409:
        fail(RefusalMissing, case, f"merging contact {contact_id} with itself answered {answer.status_code}, not 409 "
             f"{INFERRED}")  # fmt: skip
    return None
