"""One request before a run against a server: is it there, and does it take the token? And one
more per allow-listed contact: can the token read it?

Without them, an unreachable host costs minutes of connection errors before the run reports
"does not conform", and a rejected token spends the live API's rate limit on 401 answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from contract_tests.settings import RunSettings
from contract_tests.suite.connection import first_page, get, reason


@dataclass(frozen=True)
class Refusal:
    status: int  # the runner's exit status: 2 cannot run, 1 does not conform
    message: str


def preflight(settings: RunSettings) -> Refusal | None:
    """Why the run cannot usefully start, or None. Sends one GET /v1/contacts?limitation=1."""
    if settings.base_url is None:
        return None
    try:
        answer = first_page(settings)
    except requests.RequestException as error:
        return Refusal(2, f"cannot reach {settings.base_url} ({reason(error)}); check --base-url and the network")
    if answer.status_code in (401, 403):
        return Refusal(
            1,
            f"the target refuses the token ({answer.status_code} to GET /v1/contacts), so nothing can be checked: "
            "check --token or SMARTSENDER_TOKEN",
        )
    if answer.status_code == 429:
        return Refusal(2, "the target is rate limiting this token (429 to GET /v1/contacts); wait and run again")
    if answer.status_code == 404:  # the document has no 404 for the list: the URL misses the API
        root = str(settings.base_url).removesuffix("/v1")
        advice = f"try {root}" if root != settings.base_url else "e.g. https://api.smartsender.com"
        return Refusal(2, f"{settings.base_url}/v1/contacts answers 404: --base-url is the API's root, {advice}")
    return _unreadable_contact(settings)


def _unreadable_contact(settings: RunSettings) -> Refusal | None:
    """Writes go to the allow-listed contacts only: each must exist in the token's project, or
    every write to it would be blamed on the target."""
    for contact_id in settings.contact_ids:
        try:
            answer = get(settings, f"/v1/contacts/{contact_id}")
        except requests.RequestException as error:
            return Refusal(2, f"cannot reach {settings.base_url} ({reason(error)}); check --base-url and the network")
        if answer.status_code != 200:
            return Refusal(
                2,
                f"contact {contact_id} of --contact-ids answers {answer.status_code}: "
                "give ids of contacts the token can read (its own project's)",
            )
    return None
