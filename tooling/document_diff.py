"""What changed between two versions of an OpenAPI 3.0 document, and which changes break clients.

A change breaks clients when code written, or generated, for the old document can fail against
the new one. The direction decides: what a client sends (parameters, request bodies) may only
become more permissive, since servers must still accept what old clients send; what a client
receives (responses, headers) may only become more precise, since old clients must still
understand every answer. So a field that may now be `null` is harmless in a request and breaking
in a response, and a new enum value the other way round.

Whatever the direction, a change breaks code generated for a typed language when it changes a
name or a type that such code is written against: a removed or renamed operation, operationId,
first tag, parameter, property or schema, the title of an object or enum (openapi-python-client
names classes after it), an object or enum moved in or out of line, a changed type or a format
that decides one (int64, date-time, ...), an enum that appears or disappears, path parameters
that change places, a changed serialisation; and so do a changed or removed default, server or
security scheme.

Descriptions, examples, `x-` extensions and the like are not compared: they change no client's
behaviour (the version rule in tooling/spec_changes still counts them as changes). References
outside the document are not followed, and neither are discriminators nor callbacks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tooling.schema_diff import Change, Direction, Place, Resolve, SchemaComparison, resolve, shown

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_PATH_PARAMETER = re.compile(r"\{[^}]*\}")
# How a parameter is written into the request, with OpenAPI 3.0's defaults per place.
_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}
_SECURITY_SCHEME_KEYS = ("type", "scheme", "in", "name", "bearerFormat", "flows", "openIdConnectUrl")


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The changes from `old` to `new` that matter to clients, in document order."""
    comparison = _Comparison(old, new)
    comparison.servers()
    comparison.operations()
    return list(dict.fromkeys(comparison.changes))  # a component shared by operations is reported once


class _Comparison(SchemaComparison):
    """Walks the two documents: servers, then each operation's names, security, parameters,
    request body and responses, whose schemas SchemaComparison compares."""

    def servers(self) -> None:
        """The base URLs: clients (and generators' defaults) send to the first one."""
        old, new = _server_urls(self.old_document), _server_urls(self.new_document)
        if old[:1] != new[:1]:
            self.note("servers", f"the first server changed from {old[:1]} to {new[:1]}", breaking=True)
        for url in old[1:]:
            if url not in new:
                self.note("servers", f"the server {url} was removed", breaking=True)
        for url in new[1:]:
            if url not in old:
                self.note("servers", f"a new server {url}", breaking=False)

    def _operations(self, document: Mapping[str, Any]) -> dict[tuple[str, str], tuple[str, Mapping[str, Any]]]:
        """Operations by method and path template (parameter names left out, as clients do)."""
        found: dict[tuple[str, str], tuple[str, Mapping[str, Any]]] = {}
        paths = document.get("paths")
        for path, item in paths.items() if isinstance(paths, Mapping) else ():
            for method in METHODS:
                operation = item.get(method) if isinstance(item, Mapping) else None
                if isinstance(operation, Mapping):
                    found[(method, _PATH_PARAMETER.sub("{}", path))] = (path, operation)
        return found

    def operations(self) -> None:
        old_operations = self._operations(self.old_document)
        new_operations = self._operations(self.new_document)
        for key, (path, operation) in old_operations.items():
            if key not in new_operations:
                self.note(f"{key[0].upper()} {path}", "the operation was removed", breaking=True)
                continue
            new_path, new_operation = new_operations[key]
            self.operation(f"{key[0].upper()} {new_path}", (path, operation), (new_path, new_operation))
        for key, (path, _) in new_operations.items():
            if key not in old_operations:
                self.note(f"{key[0].upper()} {path}", "a new operation", breaking=False)

    def operation(self, where: str, old: tuple[str, Mapping[str, Any]], new: tuple[str, Mapping[str, Any]]) -> None:
        (old_path, old_operation), (new_path, new_operation) = old, new
        old_names, new_names = _PATH_PARAMETER.findall(old_path), _PATH_PARAMETER.findall(new_path)
        if old_names != new_names and sorted(old_names) == sorted(new_names):
            self.note(where, f"its path parameters changed places ({old_path} to {new_path})", breaking=True)
        if old_operation.get("operationId") != new_operation.get("operationId"):
            self.note(
                where,
                f"operationId changed from {shown(old_operation.get('operationId'))} to "
                f"{shown(new_operation.get('operationId'))} (generated clients name its call after it)",
                breaking=True,
            )
        old_tags, new_tags = old_operation.get("tags") or [None], new_operation.get("tags") or [None]
        if old_tags[0] != new_tags[0]:  # generators group calls by the first tag only
            self.note(
                where,
                f"its first tag changed from {shown(old_tags[0])} to {shown(new_tags[0])} "
                "(generated clients put its call in a module or class of that name)",
                breaking=True,
            )
        if not old_operation.get("deprecated") and new_operation.get("deprecated"):
            self.note(where, "the operation is now deprecated", breaking=False)
        self.security(where, old_operation, new_operation)
        self.operation_servers(where, (old_path, old_operation), (new_path, new_operation))
        self.parameters(
            where,
            self._parameters(self.old_document, old_path, old_operation, self.old),
            self._parameters(self.new_document, new_path, new_operation, self.new),
        )
        self.request_body(where, old_operation.get("requestBody"), new_operation.get("requestBody"))
        self.responses(where, self.old(old_operation.get("responses")), self.new(new_operation.get("responses")))

    def operation_servers(
        self, where: str, old: tuple[str, Mapping[str, Any]], new: tuple[str, Mapping[str, Any]]
    ) -> None:
        """Servers of the path or the operation, which replace the document's for its calls."""
        old_urls = _own_servers(self.old_document, *old)
        new_urls = _own_servers(self.new_document, *new)
        if (old_urls or new_urls) and (old_urls or _server_urls(self.old_document))[:1] != (
            new_urls or _server_urls(self.new_document)
        )[:1]:
            self.note(where, f"its calls now go to {(new_urls or ['the document servers'])[0]}", breaking=True)

    def security(self, where: str, old_operation: Mapping[str, Any], new_operation: Mapping[str, Any]) -> None:
        """Each way of authenticating old clients use must still be accepted, and mean the same."""
        old_ways = _security_ways(old_operation.get("security", self.old_document.get("security")))
        new_ways = _security_ways(new_operation.get("security", self.new_document.get("security")))
        if frozenset() in new_ways:  # anyone may call it now: every old way of authenticating still works
            if frozenset() not in old_ways:
                self.note(where, "authentication is now optional", breaking=False)
        else:
            for way in sorted(old_ways - new_ways, key=sorted):
                self.note(where, f"the security requirement {_way(way)} is no longer accepted", breaking=True)
        for way in sorted(new_ways - old_ways, key=sorted):
            if way:
                self.note(where, f"the security requirement {_way(way)} is now accepted too", breaking=False)
        names = {name for way in old_ways for name, _ in way} & {name for way in new_ways for name, _ in way}
        for name in sorted(names):
            old_scheme, new_scheme = (
                _security_scheme(self.old_document, name),
                _security_scheme(self.new_document, name),
            )
            if old_scheme != new_scheme:
                self.note(
                    where, f"the security scheme {name!r} changed from {old_scheme} to {new_scheme}", breaking=True
                )

    @staticmethod
    def _parameters(
        document: Mapping[str, Any], path: str, operation: Mapping[str, Any], read: Resolve
    ) -> dict[tuple[str, str], Mapping[str, Any]]:
        """The operation's parameters by place and name (header names in lower case, as HTTP reads
        them), the path item's first (the operation's win)."""
        item = document["paths"][path]
        found: dict[tuple[str, str], Mapping[str, Any]] = {}
        for declared in (*(item.get("parameters") or ()), *(operation.get("parameters") or ())):
            parameter = read(declared)
            place, name = str(parameter.get("in")), str(parameter.get("name"))
            found[(place, name.lower() if place == "header" else name)] = parameter
        return found

    def parameters(
        self, where: str, old: dict[tuple[str, str], Mapping[str, Any]], new: dict[tuple[str, str], Mapping[str, Any]]
    ) -> None:
        for key, old_parameter in old.items():
            place = f"{where} {key[0]} parameter {key[1]!r}"
            new_parameter = new.get(key)
            if new_parameter is None:
                self.note(place, "the parameter was removed (calls that pass it break)", breaking=True)
                continue
            if not old_parameter.get("required") and new_parameter.get("required"):
                self.note(place, "the parameter is now required", breaking=True)
            elif old_parameter.get("required") and not new_parameter.get("required"):
                self.note(place, "the parameter is now optional", breaking=False)
            old_writing, new_writing = _serialisation(old_parameter), _serialisation(new_parameter)
            if old_writing != new_writing:
                changed = [f"{key} {shown(old_writing[key])} to {shown(new_writing[key])}" for key in old_writing
                           if old_writing[key] != new_writing[key]]  # fmt: skip
                self.note(place, f"it is written differently into requests ({', '.join(changed)})", breaking=True)
            self.schema(Place(place), old_parameter.get("schema"), new_parameter.get("schema"), Direction.REQUEST)
            self.content(place, old_parameter.get("content"), new_parameter.get("content"), Direction.REQUEST)
        for key, new_parameter in new.items():
            if key not in old:
                required = bool(new_parameter.get("required"))
                what = "a new required parameter" if required else "a new optional parameter"
                self.note(f"{where} {key[0]} parameter {key[1]!r}", what, breaking=required)

    def request_body(self, where: str, old_declared: Any, new_declared: Any) -> None:
        place = f"{where} request body"
        if old_declared is None and new_declared is None:
            return
        old, new = self.old(old_declared), self.new(new_declared)
        if old_declared is None:
            required = bool(new.get("required"))
            what = "a new required request body" if required else "a new optional request body"
            self.note(place, what, breaking=required)
            return
        if new_declared is None:
            self.note(place, "the request body was removed", breaking=True)
            return
        if not old.get("required") and new.get("required"):
            self.note(place, "the request body is now required", breaking=True)
        self.content(place, old.get("content"), new.get("content"), Direction.REQUEST)

    def responses(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        old, new = _by_status(old), _by_status(new)
        for status, old_response in old.items():
            place = f"{where} response {status}"
            if status not in new:
                success = status.startswith("2")
                what = "the response was removed" + (" (clients that expect it break)" if success else "")
                self.note(place, what, breaking=success)
                continue
            old_resolved, new_resolved = self.old(old_response), self.new(new[status])
            # A new way an error may be written only names an error that could always come.
            self.content(place, old_resolved.get("content"), new_resolved.get("content"), Direction.RESPONSE,
                         new_media_breaks=status.startswith("2"))  # fmt: skip
            self.headers(place, self.old(old_resolved.get("headers")), self.new(new_resolved.get("headers")))
        for status in new:
            if status not in old:
                # A new success status is an answer old clients do not expect from a call that
                # worked; a new error status only names an error that could always come.
                success = status.startswith("2")
                what = "a new response" + (" (clients that do not expect it break)" if success else "")
                self.note(f"{where} response {status}", what, breaking=success)

    def headers(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        old, new = _lower_keys(old), _lower_keys(new)  # HTTP header names ignore case
        for name, old_header in old.items():
            place = f"{where} header {name!r}"
            if name not in new:
                self.note(place, "the header was removed", breaking=True)
                continue
            old_resolved, new_resolved = self.old(old_header), self.new(new[name])
            if old_resolved.get("required") and not new_resolved.get("required"):
                self.note(place, "the header is no longer always sent", breaking=True)
            self.schema(Place(place), old_resolved.get("schema"), new_resolved.get("schema"), Direction.RESPONSE)
        for name in new:
            if name not in old:
                self.note(f"{where} header {name!r}", "a new header", breaking=False)

    def content(
        self, where: str, old_content: Any, new_content: Any, direction: Direction, *, new_media_breaks: bool = True
    ) -> None:
        old = old_content if isinstance(old_content, Mapping) else {}
        new = new_content if isinstance(new_content, Mapping) else {}
        for media_type, old_media in old.items():
            place = f"{where} ({media_type})" if len(old) > 1 or len(new) > 1 else where
            if media_type not in new:
                self.note(place, f"the media type {media_type} was removed", breaking=True)
                continue
            old_schema, new_schema = self.old(old_media).get("schema"), self.new(new[media_type]).get("schema")
            self.schema(Place(place), old_schema, new_schema, direction)
        for media_type in new:
            if media_type not in old:
                breaking = new_media_breaks and direction is Direction.RESPONSE
                self.note(where, f"a new media type {media_type}", breaking=breaking)


def _server_urls(document: Mapping[str, Any]) -> list[str]:
    servers = document.get("servers") or [{"url": "/"}]  # OpenAPI's default
    return [_server_url(server) for server in servers if isinstance(server, Mapping)]


def _server_url(server: Mapping[str, Any]) -> str:
    """The URL with its variables at their defaults: what a client sends to."""
    url = str(server.get("url"))
    variables = server.get("variables")
    for name, variable in variables.items() if isinstance(variables, Mapping) else ():
        if isinstance(variable, Mapping) and "default" in variable:
            url = url.replace(f"{{{name}}}", str(variable["default"]))
    return url


def _own_servers(document: Mapping[str, Any], path: str, operation: Mapping[str, Any]) -> list[str]:
    servers = operation.get("servers") or document["paths"][path].get("servers") or []
    return [_server_url(server) for server in servers if isinstance(server, Mapping)]


def _security_ways(requirements: Any) -> set[frozenset[tuple[str, tuple[str, ...]]]]:
    """The ways a request may authenticate: each the schemes (with their scopes) used together; the
    empty way is no authentication (no requirement at all, `security: []` or a `{}` in it)."""
    if not isinstance(requirements, list) or not requirements:
        return {frozenset()}
    return {
        frozenset((name, tuple(sorted(scopes or ()))) for name, scopes in requirement.items())
        for requirement in requirements
        if isinstance(requirement, Mapping)
    }


def _way(way: frozenset[tuple[str, tuple[str, ...]]]) -> str:
    return " and ".join(f"{name}" + (f" {list(scopes)}" if scopes else "") for name, scopes in sorted(way))


def _security_scheme(document: Mapping[str, Any], name: str) -> dict[str, Any]:
    scheme = resolve(resolve(document.get("components"), document).get("securitySchemes", {}).get(name), document)
    return {key: scheme[key] for key in _SECURITY_SCHEME_KEYS if key in scheme}


def _serialisation(parameter: Mapping[str, Any]) -> dict[str, Any]:
    """How a parameter is written into a request, with OpenAPI 3.0's defaults filled in."""
    style = parameter.get("style", _DEFAULT_STYLE.get(str(parameter.get("in")), "form"))
    return {
        "style": style,
        "explode": parameter.get("explode", style == "form"),
        "allowReserved": bool(parameter.get("allowReserved")),
        "as": "content" if "content" in parameter else "schema",
    }


def _by_status(responses: Mapping[Any, Any]) -> dict[str, Any]:
    """Responses keyed by the status as text: YAML reads an unquoted 200 as a number."""
    return {str(status): response for status, response in responses.items()}


def _lower_keys(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in mapping.items()}
