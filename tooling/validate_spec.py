"""Spec gate step 2: the document is valid OpenAPI (openapi-spec-validator), or one line says where it is not.

Usage: python -m tooling.validate_spec openapi/smartsender-contacts.yaml
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence

import yaml
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
from referencing.exceptions import Unresolvable


def describe(error: Exception, openapi_version: object) -> str:
    """Why the document is invalid, naming the place and the rule.

    The validator's own messages embed the whole offending node (for a bad $ref, the whole
    document), which buries the place; this names it instead.
    """
    if isinstance(error, Unresolvable):
        return f"the reference {error.ref!r} points to nothing"
    if isinstance(error, ValidationError):
        if isinstance(error.instance, (dict, list)):
            rule = "/".join(map(str, error.schema_path))
            return (
                f"{error.json_path} breaks the OpenAPI {openapi_version} rule {rule}; "
                "compare its keys and values with that rule"
            )
        return f"{error.json_path}: {error.message}"
    return f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"


def check(path: str) -> str:
    """The success line for a valid document; raises SystemExit with the reason for an invalid one."""
    try:
        spec, _ = read_from_filename(path)
    except (OSError, yaml.YAMLError) as error:
        raise SystemExit(f"cannot read {path}: {' '.join(str(error).split())[:300]}") from None
    try:
        validate(spec)
    except Exception as error:  # the validator raises several unrelated types; all mean "invalid"
        openapi_version = spec.get("openapi") if isinstance(spec, Mapping) else None
        raise SystemExit(f"{path} is not valid OpenAPI: {describe(error, openapi_version)}") from None
    return f"{path}: valid OpenAPI {spec['openapi']}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.validate_spec", description=__doc__.splitlines()[0])
    parser.add_argument("spec", help="the OpenAPI document (YAML or JSON)")
    args = parser.parse_args(argv)
    print(check(args.spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
