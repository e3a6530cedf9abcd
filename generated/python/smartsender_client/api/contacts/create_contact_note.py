from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.note import Note
from ...models.note_request import NoteRequest
from ...models.unverified_error_response import UnverifiedErrorResponse
from ...types import Response


def _get_kwargs(
    contact_id: int,
    *,
    body: NoteRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/contacts/{contact_id}/notes".format(
            contact_id=quote(str(contact_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | Note | UnverifiedErrorResponse | None:
    if client.raise_on_error_status:
        _raise_for_error_status(response)
    if response.status_code == 200:
        response_200 = Note.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UnverifiedErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = UnverifiedErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, response.headers, response.request
        )
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | Note | UnverifiedErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: NoteRequest,
) -> Response[ErrorResponse | Note | UnverifiedErrorResponse]:
    """Write a note about a contact

     Writes a note about the contact: afterwards it is listed by `listContactNotes` and in the
    contact's `notes`. The answer is the new note, with its `id` and its author, `user`: the project's
    user the token belongs to *(inferred)*.
    The vendor does not document the status; this document expects 200, as the SDK reads the note from
    the answer.

    Args:
        contact_id (int):
        body (NoteRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Note | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        body=body,
    )

    response = client.request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: NoteRequest,
) -> ErrorResponse | Note | UnverifiedErrorResponse | None:
    """Write a note about a contact

     Writes a note about the contact: afterwards it is listed by `listContactNotes` and in the
    contact's `notes`. The answer is the new note, with its `id` and its author, `user`: the project's
    user the token belongs to *(inferred)*.
    The vendor does not document the status; this document expects 200, as the SDK reads the note from
    the answer.

    Args:
        contact_id (int):
        body (NoteRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Note | UnverifiedErrorResponse
    """

    return sync_detailed(
        contact_id=contact_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: NoteRequest,
) -> Response[ErrorResponse | Note | UnverifiedErrorResponse]:
    """Write a note about a contact

     Writes a note about the contact: afterwards it is listed by `listContactNotes` and in the
    contact's `notes`. The answer is the new note, with its `id` and its author, `user`: the project's
    user the token belongs to *(inferred)*.
    The vendor does not document the status; this document expects 200, as the SDK reads the note from
    the answer.

    Args:
        contact_id (int):
        body (NoteRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Note | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        body=body,
    )

    response = await client.arequest(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: NoteRequest,
) -> ErrorResponse | Note | UnverifiedErrorResponse | None:
    """Write a note about a contact

     Writes a note about the contact: afterwards it is listed by `listContactNotes` and in the
    contact's `notes`. The answer is the new note, with its `id` and its author, `user`: the project's
    user the token belongs to *(inferred)*.
    The vendor does not document the status; this document expects 200, as the SDK reads the note from
    the answer.

    Args:
        contact_id (int):
        body (NoteRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Note | UnverifiedErrorResponse
    """

    return (
        await asyncio_detailed(
            contact_id=contact_id,
            client=client,
            body=body,
        )
    ).parsed


def _raise_for_error_status(response: httpx.Response) -> None:
    errors.raise_for_error_status(response, frozenset({400, 401, 403, 404, 429}))


def _parse_success(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Note:
    _raise_for_error_status(response)
    parsed = _parse_response(client=client, response=response)
    if response.status_code == 200:
        return cast(Note, parsed)
    raise errors.UnexpectedStatus(
        response.status_code, response.content, response.headers, response.request
    )


def call(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: NoteRequest,
) -> Note:
    """Write a note about a contact: the answer's Note; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        body=body,
    )

    response = client.request(**kwargs)

    return _parse_success(client=client, response=response)


async def acall(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: NoteRequest,
) -> Note:
    """Write a note about a contact: the answer's Note; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        body=body,
    )

    response = await client.arequest(**kwargs)

    return _parse_success(client=client, response=response)
