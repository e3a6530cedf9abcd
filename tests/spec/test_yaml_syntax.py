"""The document must read the same in every YAML parser our users' tools rely on.

PyYAML (connexion, our own loaders) implements YAML 1.1, while ruamel (openapi-python-client) and
most other-language tools implement YAML 1.2. Plain scalars on which they disagree, and mapping
keys that are not strings (an unquoted status code `200:` is an integer to every parser, which
breaks openapi-python-client), must be quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from tests.spec.conftest import SPEC_PATH

STRING_TAG = "tag:yaml.org,2002:str"
# YAML 1.1 booleans that YAML 1.2 reads as strings.
YAML11_ONLY_BOOLEANS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
# Numbers whose value differs between YAML 1.1 and 1.2: sexagesimal, leading-zero octal, 0o octal,
# underscores, and a leading `+`.
AMBIGUOUS_NUMBER = re.compile(
    r"^([-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[-+]?0[0-7_]+|0o[0-7]+|[-+]?[0-9]+_[0-9_]*|\+[0-9.]+)$"
)
# What the YAML 1.2 core schema reads as null, a boolean or a number; PyYAML reads some of these
# as strings (`1e5`, `1.0e3`, `123e45`: its floats need a dot and a signed exponent).
YAML12_NOT_A_STRING = re.compile(
    r"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"
)


def _plain_scalars(node: yaml.Node, is_key: bool = False) -> Iterator[tuple[yaml.ScalarNode, bool]]:
    if isinstance(node, yaml.ScalarNode):
        if node.style is None:
            yield node, is_key
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _plain_scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _plain_scalars(key, is_key=True)
            yield from _plain_scalars(value)


def find_ambiguous_scalars(text: str) -> list[str]:
    """Describes every plain scalar of `text` that some YAML parser would misread."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    problems: list[str] = []
    if root is None:
        return problems
    for node, is_key in _plain_scalars(root):
        where = f"line {node.start_mark.line + 1}"
        if is_key and node.tag != STRING_TAG:
            problems.append(f"{where}: mapping key {node.value!r} is read as {node.tag.rsplit(':', 1)[-1]}, quote it")
        elif YAML11_ONLY_BOOLEANS.match(node.value):
            problems.append(f"{where}: {node.value!r} is a boolean in YAML 1.1 but a string in YAML 1.2, quote it")
        elif node.tag.endswith(":timestamp"):
            problems.append(f"{where}: {node.value!r} is read as a date by PyYAML, quote it")
        elif node.tag == STRING_TAG and YAML12_NOT_A_STRING.match(node.value):
            problems.append(f"{where}: {node.value!r} is a string in YAML 1.1 but a number in YAML 1.2, quote it")
        elif AMBIGUOUS_NUMBER.match(node.value):
            problems.append(f"{where}: {node.value!r} is a different number in YAML 1.1 and 1.2, quote it")
    return problems


def test_document_has_no_ambiguous_plain_scalars() -> None:
    problems = find_ambiguous_scalars(SPEC_PATH.read_text(encoding="utf-8"))
    assert not problems, f"{SPEC_PATH.name}:\n" + "\n".join(problems)


def test_the_check_finds_each_kind_of_ambiguity() -> None:
    text = "\n".join(
        [
            "responses:",
            "  200: {}",  # integer key
            "enum: [no, 'yes']",  # YAML 1.1 boolean, the quoted one is fine
            "created: 2024-01-15",  # date
            "phone: +380501234567",  # leading plus
            "code: 0755",  # octal in 1.1
            "promo: 1e5",  # a float in 1.2 only
            "colour: 123e45",  # the same
            "fine: [true, 12, 1.5, 'on', '1e5', text, 2024-01-15T10]",
        ]
    )
    problems = find_ambiguous_scalars(text)
    assert [problem.split(":")[0] for problem in problems] == [f"line {n}" for n in range(2, 9)]
