"""tooling.validate_spec: a valid document passes; an invalid one fails with one line that names the place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tooling.conftest import ROOT, run_module
from tooling.validate_spec import check

HEADER = 'openapi: 3.0.3\ninfo: {title: t, version: "1.0"}\n'


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "doc.yaml"
    path.write_text(HEADER + text)
    return str(path)


@pytest.mark.slow
def test_the_repository_document_is_valid() -> None:
    result = run_module("validate_spec", "openapi/smartsender-contacts.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "openapi/smartsender-contacts.yaml: valid OpenAPI 3.0.3\n"


@pytest.mark.slow
def test_a_dangling_reference_is_named_and_the_document_is_not_dumped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Missing'}\n",
    )
    result = run_module("validate_spec", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path} is not valid OpenAPI: the reference '/components/schemas/Missing' points to nothing\n"
    )


def test_an_invalid_parameter_names_its_place_and_the_rule_it_breaks(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "paths:\n  /x:\n    get:\n      parameters:\n        - {name: q, in: nowhere, schema: {type: string}}\n"
        "      responses:\n        '200': {description: ok}\n",
    )
    with pytest.raises(SystemExit) as raised:
        check(path)
    assert str(raised.value.code) == (
        f"{path} is not valid OpenAPI: $.paths['/x'].get.parameters[0] breaks the OpenAPI 3.0.3 rule "
        "definitions/Operation/properties/parameters/items/oneOf; compare its keys and values with that rule"
    )


def test_a_wrong_scalar_names_its_place(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1.0'}\npaths: {/x: {get: {responses: {}}}}\n")
    with pytest.raises(SystemExit) as raised:
        check(str(path))
    message = str(raised.value.code)
    assert message.startswith(f"{path} is not valid OpenAPI: $.paths['/x'].get.responses")


def test_an_unreadable_document_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(SystemExit) as raised:
        check(str(missing))
    assert str(raised.value.code) == f"cannot read {missing}: No such file: {missing}"
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: [\n")
    with pytest.raises(SystemExit) as raised:
        check(str(broken))
    assert str(raised.value.code).startswith(f"cannot read {broken}: while parsing")


def test_the_script_calls_the_module() -> None:
    assert 'python -m tooling.validate_spec "$SPEC"' in (ROOT / "scripts" / "check-spec").read_text()
