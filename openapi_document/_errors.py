"""What goes wrong when a document is read."""

from __future__ import annotations


class DocumentError(ValueError):
    """The OpenAPI document cannot be read, or does not say what a reader needs; the message names the place."""


class DanglingReference(DocumentError, LookupError):
    """A `$ref` that leads nowhere in the document."""
