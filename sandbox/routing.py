"""Matches request paths to the operations of the OpenAPI document."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from openapi_document import Operation
from sandbox.errors import ApiError

_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Match:
    operation: Operation
    path_parameters: dict[str, str]


class Router:
    """Routes by path template; answers 404 for unknown paths and 405 (with `Allow`) for unknown methods."""

    def __init__(self, operations: list[Operation]) -> None:
        static: dict[str, dict[str, Operation]] = {}
        dynamic: dict[str, tuple[re.Pattern[str], dict[str, Operation]]] = {}
        for operation in operations:
            if _PARAMETER.search(operation.path):
                pattern = _PARAMETER.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", operation.path)
                dynamic.setdefault(operation.path, (re.compile(pattern), {}))[1][operation.method] = operation
            else:
                static.setdefault(operation.path, {})[operation.method] = operation
        self._static = static
        # Templates with fewer parameters first, so the most literal template wins.
        self._dynamic = sorted(dynamic.values(), key=lambda entry: entry[0].groups)

    def match(self, method: str, path: str) -> Match:
        """`path` percent-encoded, as sent; parameter values are decoded after the match."""
        methods = self._static.get(path)
        parameters: dict[str, str] = {}
        if methods is None:
            for pattern, candidates in self._dynamic:
                found = pattern.fullmatch(path)  # not match() with `$`, which allows a trailing newline
                if found:
                    methods = candidates
                    parameters = {name: unquote(value) for name, value in found.groupdict().items()}
                    break
        if methods is None:
            raise ApiError(404, "Not found", [f"{path} is not a path of this API"])
        operation = methods.get(method)
        if operation is None:
            allow = ", ".join(sorted(methods))
            raise ApiError(
                405,
                "Method not allowed",
                [f"{method} is not allowed on {path}; allowed: {allow}"],
                headers=[(b"allow", allow.encode())],
            )
        return Match(operation, parameters)
