"""The reference page, read in headless Chromium: every operation and schema is rendered with its
evidence, deprecated and inferred parts are marked, and nothing is requested from outside the page.

The page is a single-page app that renders a tag's operations only once its group is opened in the
side bar, and it embeds the whole document as JSON, so its HTML proves nothing: these tests click
through the side bar as a reader does and look only at what the browser renders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.docs.conftest import LOCAL_SCHEMES, READ_SECTION, SCREENSHOT, Reader, SectionView, new_reader
from tooling.reference_page import operations, schemas_tag_of

pytestmark = pytest.mark.slow  # every test here starts a process or a server

REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini-full.svg"


SECTION_TIMEOUT_MS = 20_000


def _menu_item(reader: Reader, label: str, kind: str) -> Locator:
    """A side bar entry: kind "group" (a tag) or "operation" (an operation or a schema, as Redoc lists both)."""
    return reader.page.locator(f'[data-component-name="Menu/MenuItem"].menu-item-type-{kind}').filter(
        has=reader.page.locator(f'[data-text="{label}"]')
    )


# The side bar animates a group's list open or closed (333 ms, not clickable meanwhile): settled when
# every list is hidden (display: none) or takes clicks again.
SIDE_BAR_SETTLED = """() => [...document.querySelectorAll('[data-component-name="Menu/MenuItem"] > div')].every(
    (list) => getComputedStyle(list).display === "none" || getComputedStyle(list).pointerEvents === "auto")"""
GROUP_IS_OPEN = """(group) => [...group.querySelectorAll(":scope > div")].some(
    (list) => getComputedStyle(list).display !== "none")"""


def open_group(reader: Reader, tag: str) -> None:
    """Opens a tag group of the side bar, unless it is open (a click would close it; opening one closes
    the others), and waits until its entries take clicks."""
    group = _menu_item(reader, tag, "group").first
    reader.page.wait_for_function(SIDE_BAR_SETTLED)
    if group.evaluate(GROUP_IS_OPEN):
        return
    group.locator("a").first.click()
    expect(group.locator("xpath=./div").first).to_have_css("pointer-events", "auto")
    reader.page.wait_for_function(SIDE_BAR_SETTLED)


def open_item(reader: Reader, tag: str, label: str, subject: str) -> tuple[Locator, SectionView]:
    """Clicks an operation or schema in the side bar, as a reader does, and reads the section the page
    then shows, once the evidence of `subject` is in view."""
    link = _menu_item(reader, label, "operation").first.locator("a").first
    for attempt in range(1, 4):
        open_group(reader, tag)  # a group's entries exist once it has been opened
        target = str(link.get_attribute("href"))  # "#/contacts/listcontacts"
        try:
            link.click(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            # Opening a group closes the one open before, a moment later, which may be after this group
            # looked open (seen on a loaded machine): a reader would open it again, and so do we.
            if attempt == 3:
                raise
    reader.page.wait_for_url(lambda url: url.endswith(target))
    section = reader.page.locator(f'[data-section-id="{target.removeprefix("#")}"]')
    box = section.locator(f'[data-evidence-for="{subject}"]').first
    # Redoc renders the section after the jump: with 24 operations the page takes longer than the
    # default 5 s to get there on a loaded 2-core machine.
    expect(box).to_be_visible(timeout=SECTION_TIMEOUT_MS)
    expect(box).to_be_in_viewport()  # where the click took the reader, not somewhere below
    return section, SectionView(**section.evaluate(READ_SECTION))


def _parameter_names(document: dict[str, Any], path: str, operation: dict[str, Any]) -> list[str]:
    """Names of the component parameters an operation uses (its own and its path's)."""
    declared = [*document["paths"][path].get("parameters", []), *operation.get("parameters", [])]
    prefix = "#/components/parameters/"
    return [p["$ref"].removeprefix(prefix) for p in declared if p.get("$ref", "").startswith(prefix)]


def test_the_introduction_shows_the_documents_evidence_and_explains_it(
    reader: Reader, document: dict[str, Any]
) -> None:
    reader.page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-default a').first.click()
    intro = reader.page.locator("#redoc")
    expect(intro.locator('[data-evidence-for="document"]')).to_be_visible()
    view = SectionView(**intro.evaluate(READ_SECTION))
    view.assert_evidence("document", document["info"]["x-evidence"])
    assert "Evidence on this page." in view.text
    reader.assert_stayed_inside()


def test_every_operation_is_rendered_with_its_evidence(reader: Reader, document: dict[str, Any]) -> None:
    listed = operations(document)
    in_side_bar = []
    for tag in document["tags"]:
        open_group(reader, tag["name"])
        group = _menu_item(reader, tag["name"], "group").first
        in_side_bar += group.locator(".menu-item-type-operation [data-text]").evaluate_all(
            "labels => labels.map((label) => label.dataset.text)"
        )
    assert sorted(in_side_bar) == sorted(operation["summary"] for _, _, operation in listed)
    for method, path, operation in listed:
        subject = f"operation {operation['operationId']}"
        _, view = open_item(reader, operation["tags"][0], operation["summary"], subject)
        assert operation["summary"] in view.heading, (subject, view.heading)
        assert path in view.text, subject
        view.assert_evidence(subject, operation["x-evidence"])
        for name in _parameter_names(document, path, operation):
            view.assert_evidence(f"parameter {name}", document["components"]["parameters"][name]["x-evidence"])
        inferred = operation["description"].count("(inferred")
        assert view.inferred_marks >= inferred, f"{method.upper()} {path}: {view.inferred_marks} of {inferred} marks"
        if operation.get("deprecated"):
            assert view.deprecated_banners == [subject]
            assert view.heading.lower().endswith("deprecated"), view.heading  # Redoc's own label
        else:
            assert view.deprecated_banners == [], subject
    reader.assert_stayed_inside()


def test_every_schema_is_rendered_with_its_evidence(reader: Reader, document: dict[str, Any]) -> None:
    tag = schemas_tag_of()
    assert tag, "redocly.yaml names the tag that lists the schemas (openapi.schemaDefinitionsTagName)"
    for name, schema in document["components"]["schemas"].items():
        _, view = open_item(reader, tag, name, f"schema {name}")
        assert view.heading == name
        view.assert_evidence(f"schema {name}", schema["x-evidence"])
    reader.assert_stayed_inside()


def test_a_deprecated_operation_is_marked_in_the_side_bar_and_in_its_section(
    reader: Reader, document: dict[str, Any]
) -> None:
    deprecated = [operation for _, _, operation in operations(document) if operation.get("deprecated")]
    assert deprecated, "the document has a deprecated operation (deleteContact); this test needs one"
    for operation in deprecated:
        subject = f"operation {operation['operationId']}"
        section, _ = open_item(reader, operation["tags"][0], operation["summary"], subject)
        expect(section.locator(f'[data-deprecated-for="{subject}"]')).to_be_in_viewport()
        item = _menu_item(reader, operation["summary"], "operation").first
        expect(item.locator(".tag-http-deprecated")).to_be_visible()  # Redoc greys the entry out
    # What a reader sees of the operation that shows all three marks: the screenshot of the test run.
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    reader.page.mouse.move(1390, 990)  # no hover highlight in the side bar
    reader.page.screenshot(path=SCREENSHOT)
    reader.assert_stayed_inside()


def test_search_works_under_the_pages_content_security_policy(reader: Reader) -> None:
    """The policy refuses the eval() of Redoc's search worker; the search then runs on the page."""
    trigger = reader.page.get_by_test_id("search-trigger")
    expect(trigger).not_to_contain_text("Loading")  # the index is built
    trigger.click()
    reader.page.locator('[data-component-name="Search/SearchInput"] input').fill("merge")
    results = reader.page.locator('[data-component-name="Search/SearchItem"]')
    expect(results.filter(has_text="Merge two contacts")).to_be_visible()
    reader.page.keyboard.press("Escape")
    reader.assert_stayed_inside()


def test_without_its_policy_the_page_would_request_only_the_redocly_logo(
    browser: Browser, reference_page: Path
) -> None:
    """Proves that the request check sees what a page asks for, and that the policy is what stops the logo."""
    reader = new_reader(browser, bypass_csp=True)
    try:
        # The logo is drawn after the page's scripts have run, which may be after the page has loaded;
        # its request fails once the route has refused it.
        with reader.page.expect_event("requestfailed", lambda request: not request.url.startswith(LOCAL_SCHEMES)):
            reader.page.goto(reference_page.as_uri(), wait_until="networkidle")
        assert reader.outside_requests == [REDOCLY_LOGO]
    finally:
        reader.page.context.close()
