"""The OpenAPI document, read once: the root every other part of the toolkit stands on.

    from openapi_document import load
    document = load()                               # openapi/smartsender-contacts.yaml
    document.operation("getContact").path          # '/v1/contacts/{contactId}'
    document.rate_limit.requests_per_minute        # 180, from info.x-rate-limit
    document.rules[0].id                           # 'listContacts: status 200, 400, 401, 403 or 429'

`load` parses the YAML file once per version of the file and indexes its operations, with every
schema also converted to plain JSON Schema (references inlined, `nullable` as a `null` type) for
validators, and the inventory of the rules it states (`rules`: walked from its structure, and
declared in its `x-rules`). `resolve` and `resolve_pointer` are the toolkit's one way to follow a `$ref`. The
sandbox, the contract tests, the tooling and the benchmarks read the document through here only.
"""

from openapi_document._document import Document, index, load, parse
from openapi_document._errors import DanglingReference, DocumentError
from openapi_document._json_schema import JsonSchema, to_json_schema
from openapi_document._location import DEFAULT_SPEC_PATH
from openapi_document._operations import HTTP_METHODS, Operation, Parameter
from openapi_document._pointers import resolve, resolve_pointer
from openapi_document._rate_limit import RateLimit
from openapi_document._rules import API, KINDS, Rule

__all__ = [
    "API",
    "DEFAULT_SPEC_PATH",
    "HTTP_METHODS",
    "KINDS",
    "DanglingReference",
    "Document",
    "DocumentError",
    "JsonSchema",
    "Operation",
    "Parameter",
    "RateLimit",
    "Rule",
    "index",
    "load",
    "parse",
    "resolve",
    "resolve_pointer",
    "to_json_schema",
]
