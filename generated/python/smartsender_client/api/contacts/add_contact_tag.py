from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.state_result import StateResult
from ...models.unverified_error_response import UnverifiedErrorResponse
from ...types import Response


def _get_kwargs(
    contact_id: int,
    tag_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/contacts/{contact_id}/tags/{tag_id}".format(
            contact_id=quote(str(contact_id), safe=""),
            tag_id=quote(str(tag_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | StateResult | UnverifiedErrorResponse | None:
    if client.raise_on_error_status:
        _raise_for_error_status(response)
    if response.status_code == 200:
        response_200 = StateResult.from_dict(response.json())

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
) -> Response[ErrorResponse | StateResult | UnverifiedErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    contact_id: int,
    tag_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | StateResult | UnverifiedErrorResponse]:
    """Add a tag to a contact

     Gives the contact the tag `tagId` of the project's tag catalogue: afterwards it is listed by
    `listContactTags` and in the contact's `tags` (in `getContact` and in the simple view). The
    operation is idempotent: adding a tag the contact already has answers `{"state": true}` and changes
    nothing *(inferred)*.
    A tag that is not in the project's catalogue answers 404 (see `tagId`).

    Args:
        contact_id (int):
        tag_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | StateResult | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        tag_id=tag_id,
    )

    response = client.request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contact_id: int,
    tag_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | StateResult | UnverifiedErrorResponse | None:
    """Add a tag to a contact

     Gives the contact the tag `tagId` of the project's tag catalogue: afterwards it is listed by
    `listContactTags` and in the contact's `tags` (in `getContact` and in the simple view). The
    operation is idempotent: adding a tag the contact already has answers `{"state": true}` and changes
    nothing *(inferred)*.
    A tag that is not in the project's catalogue answers 404 (see `tagId`).

    Args:
        contact_id (int):
        tag_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | StateResult | UnverifiedErrorResponse
    """

    return sync_detailed(
        contact_id=contact_id,
        tag_id=tag_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    contact_id: int,
    tag_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | StateResult | UnverifiedErrorResponse]:
    """Add a tag to a contact

     Gives the contact the tag `tagId` of the project's tag catalogue: afterwards it is listed by
    `listContactTags` and in the contact's `tags` (in `getContact` and in the simple view). The
    operation is idempotent: adding a tag the contact already has answers `{"state": true}` and changes
    nothing *(inferred)*.
    A tag that is not in the project's catalogue answers 404 (see `tagId`).

    Args:
        contact_id (int):
        tag_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | StateResult | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        tag_id=tag_id,
    )

    response = await client.arequest(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contact_id: int,
    tag_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | StateResult | UnverifiedErrorResponse | None:
    """Add a tag to a contact

     Gives the contact the tag `tagId` of the project's tag catalogue: afterwards it is listed by
    `listContactTags` and in the contact's `tags` (in `getContact` and in the simple view). The
    operation is idempotent: adding a tag the contact already has answers `{"state": true}` and changes
    nothing *(inferred)*.
    A tag that is not in the project's catalogue answers 404 (see `tagId`).

    Args:
        contact_id (int):
        tag_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | StateResult | UnverifiedErrorResponse
    """

    return (
        await asyncio_detailed(
            contact_id=contact_id,
            tag_id=tag_id,
            client=client,
        )
    ).parsed


def _raise_for_error_status(response: httpx.Response) -> None:
    errors.raise_for_error_status(response, frozenset({400, 401, 403, 404, 429}))


def _parse_success(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> StateResult:
    _raise_for_error_status(response)
    parsed = _parse_response(client=client, response=response)
    if response.status_code == 200:
        return cast(StateResult, parsed)
    raise errors.UnexpectedStatus(
        response.status_code, response.content, response.headers, response.request
    )


def call(
    contact_id: int,
    tag_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> StateResult:
    """Add a tag to a contact: the answer's StateResult; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        tag_id=tag_id,
    )

    response = client.request(**kwargs)

    return _parse_success(client=client, response=response)


async def acall(
    contact_id: int,
    tag_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> StateResult:
    """Add a tag to a contact: the answer's StateResult; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        tag_id=tag_id,
    )

    response = await client.arequest(**kwargs)

    return _parse_success(client=client, response=response)
