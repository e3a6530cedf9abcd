"""The reference page of scripts/docs, built once, and a headless Chromium that reads it as a reader would.

The browser is Debian's chromium (or SMARTSENDER_CHROMIUM), driven by Playwright: Playwright cannot
download its own browsers here. scripts/test installs it when it is missing (need_chromium in
scripts/_bootstrap.sh).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, Route, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "smartsender-contacts.yaml"
SCREENSHOT = ROOT / "reports" / "reference-page.png"
CHROMIUM = os.environ.get("SMARTSENDER_CHROMIUM", "/usr/bin/chromium")
# The flags known to work on this project's machines: without the background-networking ones, Chromium
# itself tries to reach Google's hosts at start (those requests are the browser's, not the page's).
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# URL schemes of requests that stay inside the page.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
# What the page's Content-Security-Policy refuses, as scripts/reference-page.hbs expects it to:
# the Redocly logo of the sidebar (logo-mini-full.svg, or logo-mini.svg when the sidebar is
# collapsed) and the eval() with which Redoc's search tries to run in a worker.
EXPECTED_REFUSALS = ("https://cdn.redoc.ly/redoc/logo-mini", "eval")
# Every Content-Security-Policy refusal, in the order the page met them.
RECORD_REFUSALS = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__refused.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@dataclass
class Reader:
    """A browser tab on the reference page, which records and refuses every request that would leave it."""

    page: Page
    outside_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        """Every request that would leave the browser passes here (not those the page's policy refused):
        only those that stay inside the page are let through."""
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.outside_requests.append(url)
            route.abort()

    def refusals(self) -> list[str]:
        refused: list[str] = self.page.evaluate("window.__refused")
        return refused

    def assert_stayed_inside(self) -> None:
        """No request left the page, nothing but the expected was refused, and no script failed."""
        assert self.outside_requests == [], f"the page sent requests outside itself: {self.outside_requests}"
        unexpected = [
            refusal
            for refusal in self.refusals()
            if not refusal.split(" ", 1)[-1].startswith(EXPECTED_REFUSALS)
        ]  # fmt: skip
        assert unexpected == [], (
            "the page's Content-Security-Policy refused more than the Redocly logo and the search worker's "
            f"eval(): {unexpected} (a resource the page needs from outside, or a new request of Redoc's)"
        )
        assert self.page_errors == [], f"scripts of the page failed: {self.page_errors}"


# What a reader sees of one section of the page, read in one call: Playwright's own checks are one
# round trip each, and a walk through every operation and schema would make hundreds of them.
READ_SECTION = """
(section) => {
    const shown = (element) => element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    const evidence = {};
    for (const box of section.querySelectorAll("[data-evidence-for]")) {
        const subject = box.dataset.evidenceFor;
        if (!shown(box) || subject in evidence) continue;
        const badge = box.querySelector(".x-evidence__badge");
        evidence[subject] = {badge: badge && shown(badge) ? badge.innerText : null, text: box.innerText};
    }
    return {
        heading: section.querySelector("h2")?.innerText ?? "",
        text: section.innerText,
        evidence,
        inferred_marks: [...section.querySelectorAll("mark.x-inferred")].filter(shown).length,
        deprecated_banners: [...section.querySelectorAll("[data-deprecated-for]")].filter(shown)
            .map((banner) => banner.dataset.deprecatedFor),
    };
}
"""


@dataclass(frozen=True)
class SectionView:
    """The rendered text of a section of the page, and its visible evidence by subject ("operation listContacts")."""

    heading: str
    text: str
    evidence: dict[str, dict[str, str | None]]
    inferred_marks: int
    deprecated_banners: list[str]

    def assert_evidence(self, subject: str, evidence: dict[str, Any]) -> None:
        """The element's confidence is shown in its badge, and each of its sources next to it."""
        shown = self.evidence.get(subject)
        assert shown is not None, f"no visible evidence of {subject} (visible: {sorted(self.evidence)})"
        assert shown["badge"] == f"Confidence: {evidence['confidence']}", f"{subject}: {shown}"
        text = " ".join(str(shown["text"]).split())
        missing = [source for source in evidence["sources"] if " ".join(str(source).split()) not in text]
        assert missing == [], f"{subject} does not show the sources {missing}: {text!r}"


@pytest.fixture(scope="session")
def document() -> dict[str, Any]:
    loaded = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="session")
def reference_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page as scripts/docs writes it."""
    page = tmp_path_factory.mktemp("docs") / "reference.html"
    built = subprocess.run(
        ["bash", str(ROOT / "scripts" / "docs"), "--output", str(page)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped: Playwright's synchronous API keeps an asyncio loop running in this thread while it is
    open, and the tests after these would find it (asyncio.run() refuses to start)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium; scripts/test does "
            "it when run as root) or set SMARTSENDER_CHROMIUM to a Chromium or Chrome binary"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def new_reader(browser: Browser, *, bypass_csp: bool = False) -> Reader:
    """A tab of its own (a new browser context), not yet on any page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=bypass_csp)
    context.add_init_script(RECORD_REFUSALS)
    reader = Reader(context.new_page())
    reader.page.route("**/*", reader.route)
    reader.page.on("pageerror", lambda error: reader.page_errors.append(str(error)))
    return reader


@pytest.fixture(scope="module")
def reader(browser: Browser, reference_page: Path) -> Iterator[Reader]:
    """One tab for the module's tests, which each open what they read, as a reader clicks through the page."""
    reader = new_reader(browser)
    reader.page.goto(reference_page.as_uri(), wait_until="networkidle")
    yield reader
    reader.page.context.close()
