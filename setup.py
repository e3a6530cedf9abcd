"""Packs the OpenAPI document into the toolkit's wheel (the rest of the build is pyproject.toml's).

openapi/smartsender-contacts.yaml is the one copy in git; a built wheel carries it as package data
of openapi_document, which reads it from there when no clone is around it."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DOCUMENT = Path("openapi") / "smartsender-contacts.yaml"


class BuildWithDocument(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "openapi_document" / DOCUMENT.name
        shutil.copyfile(DOCUMENT, target)


setup(cmdclass={"build_py": BuildWithDocument})
