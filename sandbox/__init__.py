"""A stateful reference implementation of the Smart Sender Contacts API, driven by its OpenAPI document.

from sandbox import SandboxConfig, create_app
app = create_app(SandboxConfig(seed=7))      # an ASGI application
token = app.projects[0].token                # bearer token of the first seeded project
"""

from sandbox.app import Response, SandboxApp, SandboxConfig, create_app
from sandbox.faults import CATALOGUE as FAULTS
from sandbox.faults import Fault, UnknownFault
from sandbox.store import FiredEvent, Project

__all__ = [
    "FAULTS",
    "Fault",
    "FiredEvent",
    "Project",
    "Response",
    "SandboxApp",
    "SandboxConfig",
    "UnknownFault",
    "create_app",
]
