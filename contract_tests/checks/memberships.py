"""A contact's tags and funnels: what an add or a remove does shows in every view of the contact
(its list, getContact and the simple view), a repeated add or remove changes nothing, and a tag or
funnel that is not in the project's catalogue (another project's included) answers 404 and changes
nothing. Tags and funnels follow the same rules, so one set of checks judges both; and a page of
a contact's tags, funnels or notes lists what getContact shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.registry import (
    INFERRED,
    MembershipNotVisible,
    RefusalMissing,
    fail,
    sandbox_only,
    semantic_check,
)
from contract_tests.checks.run_state import RunState, state_of
from contract_tests.checks.sub_lists import contact_view, every_item, whole_page
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, operation_id, succeeded

UNKNOWN_TAG_ID = 9_000_000_000_000_000_001  # an int64 that no tag has
UNKNOWN_FUNNEL_KEY = "no-such-funnel-9000000000000000001"


@dataclass(frozen=True)
class Membership:
    """Tags or funnels: where a contact shows them, and what names one in a path."""

    noun: str  # "tag"
    key: str  # the contact's field that holds them: "tags"
    parameter: str  # the path parameter that names one: "tagId"
    item_key: str  # the field of an item the path parameter names it by: "id"
    list_operation: str
    add_operation: str
    remove_operation: str
    unknown: Any  # a value of `parameter` that nothing has
    foreign: Callable[[RunState], Any]  # one of another project's catalogue (None: not known)

    def keys(self, items: Any) -> set[str] | None:
        """The path parameter's values (as text) that name the items of a list, or None (no list)."""
        if not isinstance(items, list):
            return None
        return {str(item.get(self.item_key)) for item in items if isinstance(item, dict)}

    def rule(self, operation: str, repeated: bool = False) -> str:
        if operation == self.add_operation:
            return f"adding-a-present-{self.noun}-changes-nothing" if repeated else f"added-{self.noun}-is-listed"
        return f"removing-an-absent-{self.noun}-changes-nothing" if repeated else f"removed-{self.noun}-is-gone"


TAGS = Membership("tag", "tags", "tagId", "id", "listContactTags", "addContactTag", "removeContactTag",
                  UNKNOWN_TAG_ID, lambda state: state.foreign_tag_id)  # fmt: skip
FUNNELS = Membership("funnel", "funnels", "serviceKey", "serviceKey", "listContactFunnels", "addContactFunnel",
                     "removeContactFunnel", UNKNOWN_FUNNEL_KEY, lambda state: state.foreign_funnel_key)  # fmt: skip
MEMBERSHIPS = (TAGS, FUNNELS)
VIEWS = ("getContact", "getContactInfo")  # the views of a contact that show its tags and funnels


def _change_of(case: ApiCase) -> Membership | None:
    """The membership an add or remove case changes, or None for other cases."""
    for membership in MEMBERSHIPS:
        if any(is_operation(case, op) for op in (membership.add_operation, membership.remove_operation)):
            return membership
    return None


def _shown(case: ApiCase, response: Response, membership: Membership, contact_id: Any) -> dict[str, set[str] | None]:
    """Where the contact shows its tags (or funnels) now -> their keys (None: not readable)."""
    shown = {membership.list_operation: membership.keys(every_item(case, response, membership.list_operation,
                                                                   contact_id))}  # fmt: skip
    for view in VIEWS:
        body = contact_view(case, response, view, contact_id)
        shown[view] = membership.keys(body.get(membership.key)) if body is not None else None
    return shown


@semantic_check(
    rules=("added-tag-is-listed", "removed-tag-is-gone", "added-funnel-is-listed", "removed-funnel-is-gone"),
    when="successful add or remove of a tag or funnel",
)
def membership_change_is_visible(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a successful add, the tag (or funnel) is in the contact's list, in getContact's `tags`
    and in the simple view's; after a successful remove it is in none of them."""
    membership = _change_of(case)
    if membership is None or not succeeded(response):
        return True
    contact_id, key = case.path_parameters.get("contactId"), str(case.path_parameters.get(membership.parameter))
    adding = is_operation(case, membership.add_operation)

    def wrong(shown: dict[str, set[str] | None]) -> list[str]:
        return [view for view, keys in shown.items() if keys is None or (key in keys) != adding]

    shown = state_of(case).settled(lambda: _shown(case, response, membership, contact_id), lambda s: not wrong(s))
    problems = wrong(shown)
    if problems:
        what = "does not show" if adding else "still shows"
        where = ", ".join(f"{view}" + (" (not readable)" if shown[view] is None else "") for view in problems)
        verb = "added" if adding else "removed"
        fail(MembershipNotVisible, case, f"contact {contact_id} {what} the {verb} {membership.noun} {key} in {where}")
    return None


@semantic_check(
    rules=(
        "adding-a-present-tag-changes-nothing", "removing-an-absent-tag-changes-nothing",
        "adding-a-present-funnel-changes-nothing", "removing-an-absent-funnel-changes-nothing",
    ),
    when="successful add or remove of a tag or funnel (repeated once per test)",
)  # fmt: skip
def repeated_change_changes_nothing(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A successful add (or remove), sent again (once per operation in a test) answers state true
    and leaves every view of the contact's tags (or funnels) as the first one left them. The repeat
    is the same request: the write guard has already chosen its contact and its tag."""
    membership = _change_of(case)
    if membership is None or not succeeded(response):
        return True
    operation = operation_id(case)
    if not state_of(case).first_time("repeated", operation):
        return True
    contact_id = case.path_parameters.get("contactId")
    before = _shown(case, response, membership, contact_id)
    again = follow_up(case, response, operation, path_parameters=case.path_parameters, validated=True)
    body = json_body(again)
    name = f"{operation} of {membership.noun} {case.path_parameters.get(membership.parameter)}, sent again,"
    if again.status_code != 200 or not isinstance(body, dict) or body.get("state") is not True:
        fail(RefusalMissing, case, f"{name} answered {again.status_code} {body!r}, not state true {INFERRED}")
    after = _shown(case, response, membership, contact_id)
    changed = [view for view in before if before[view] != after[view]]
    if changed:
        fail(MembershipNotVisible, case, f"{name} changed the contact's {membership.key} in {', '.join(changed)}: "
             + "; ".join(f"{sorted(before[v] or ())} became {sorted(after[v] or ())}" for v in changed)
             + f" {INFERRED}")  # fmt: skip
    return None


@semantic_check(
    rules=("unknown-tag-is-not-found", "unknown-funnel-is-not-found"),
    off=sandbox_only("the write guard sends real servers only the tags of --tag-ids and the funnels of --funnel-keys"),
    when="successful add or remove of a tag or funnel",
)
def unknown_membership_is_not_found(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A successful add (or remove), sent again (once per operation in a run) with a tag (or funnel)
    that no catalogue has, and with one of another project's catalogue, answers 404 each time and
    leaves the contact's tags (or funnels) as they were."""
    state = state_of(case)
    membership = _change_of(case)
    if state.live or membership is None or not succeeded(response):
        return True
    operation = operation_id(case)
    if not state.first_time_in_run("unknown-membership", operation):
        return True
    contact_id = case.path_parameters.get("contactId")
    before = _shown(case, response, membership, contact_id)
    tried = [("that no project has", membership.unknown)]
    foreign = membership.foreign(state)
    if foreign is not None:
        tried.append(("of another project", foreign))
    for what, value in tried:
        parameters = {**case.path_parameters, membership.parameter: value}
        answer = follow_up(case, response, operation, path_parameters=parameters, validated=True)
        after = _shown(case, response, membership, contact_id)
        problems = [] if answer.status_code == 404 else [f"answered {answer.status_code}, not 404"]
        problems += [f"changed {view}" for view in before if before[view] != after[view]]
        if problems:
            fail(RefusalMissing, case, f"{operation} of {membership.noun} {value}, {what}, "
                 f"{' and '.join(problems)} {INFERRED}")  # fmt: skip
    return None


LISTS = {
    TAGS.list_operation: ("tags", "id"),
    FUNNELS.list_operation: ("funnels", "id"),
    "listContactNotes": ("notes", "id"),
}


@semantic_check(
    rules=("contact-tags-are-the-contacts", "contact-funnels-are-the-contacts", "contact-notes-are-the-contacts"),
    when="successful page of a contact's tags, funnels or notes",
)
def contact_list_matches_the_contact(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A page of a contact's tags (funnels, notes) holds only the contact's tags as getContact shows
    them, and when it is the only page, all of them."""
    operation = operation_id(case)
    if operation not in LISTS or not is_operation(case, operation) or response.status_code != 200:
        return True
    body = json_body(response)
    page = body.get("collection") if isinstance(body, dict) else None
    if not isinstance(page, list):
        return True  # the schema checks report it
    field, item_key = LISTS[operation]
    contact_id = case.path_parameters.get("contactId")
    listed = {item.get(item_key) for item in page if isinstance(item, dict)}
    whole = whole_page(case, response) is not None

    def problem() -> str | None:
        contact = contact_view(case, response, "getContact", contact_id)
        items = contact.get(field) if contact is not None else None
        if not isinstance(items, list):
            return None
        own = {item.get(item_key) for item in items if isinstance(item, dict)}
        if listed - own:
            return f"lists {sorted(listed - own, key=str)}, which getContact's {field} lack"
        if whole and own - listed:
            return f"lists all of the contact's {field} on one page, but not {sorted(own - listed, key=str)}"
        return None

    found = state_of(case).settled(problem, lambda p: p is None)
    if found is not None:
        fail(MembershipNotVisible, case, f"{operation} of contact {contact_id} {found}")
    return None
