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
    target_contact_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/contacts/{contact_id}/unite/{target_contact_id}".format(
            contact_id=quote(str(contact_id), safe=""),
            target_contact_id=quote(str(target_contact_id), safe=""),
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

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

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
    target_contact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | StateResult | UnverifiedErrorResponse]:
    """Merge two contacts

     Merges the contact `targetContactId` into the contact `contactId`. Tags, funnels and
    variables are united in favour of `contactId`: where both contacts have a value, the value
    of `contactId` is kept, and every value that `contactId` lacks is taken from
    `targetContactId` (a variable that shows only its default value counts as lacking
    *(inferred)*).

    What becomes of the target is not documented. This document expects what a merge implies
    *(inferred)*: the target's gates move to `contactId`, and so do its notes *(inferred)* (the sandbox
    moves its
    messages and its cart too), the target contact is removed (reading
    it afterwards answers 404), a contact cannot be merged with itself (409), and the merge is
    all or nothing.

    Args:
        contact_id (int):
        target_contact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | StateResult | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        target_contact_id=target_contact_id,
    )

    response = client.request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contact_id: int,
    target_contact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | StateResult | UnverifiedErrorResponse | None:
    """Merge two contacts

     Merges the contact `targetContactId` into the contact `contactId`. Tags, funnels and
    variables are united in favour of `contactId`: where both contacts have a value, the value
    of `contactId` is kept, and every value that `contactId` lacks is taken from
    `targetContactId` (a variable that shows only its default value counts as lacking
    *(inferred)*).

    What becomes of the target is not documented. This document expects what a merge implies
    *(inferred)*: the target's gates move to `contactId`, and so do its notes *(inferred)* (the sandbox
    moves its
    messages and its cart too), the target contact is removed (reading
    it afterwards answers 404), a contact cannot be merged with itself (409), and the merge is
    all or nothing.

    Args:
        contact_id (int):
        target_contact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | StateResult | UnverifiedErrorResponse
    """

    return sync_detailed(
        contact_id=contact_id,
        target_contact_id=target_contact_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    contact_id: int,
    target_contact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | StateResult | UnverifiedErrorResponse]:
    """Merge two contacts

     Merges the contact `targetContactId` into the contact `contactId`. Tags, funnels and
    variables are united in favour of `contactId`: where both contacts have a value, the value
    of `contactId` is kept, and every value that `contactId` lacks is taken from
    `targetContactId` (a variable that shows only its default value counts as lacking
    *(inferred)*).

    What becomes of the target is not documented. This document expects what a merge implies
    *(inferred)*: the target's gates move to `contactId`, and so do its notes *(inferred)* (the sandbox
    moves its
    messages and its cart too), the target contact is removed (reading
    it afterwards answers 404), a contact cannot be merged with itself (409), and the merge is
    all or nothing.

    Args:
        contact_id (int):
        target_contact_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | StateResult | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        target_contact_id=target_contact_id,
    )

    response = await client.arequest(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contact_id: int,
    target_contact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | StateResult | UnverifiedErrorResponse | None:
    """Merge two contacts

     Merges the contact `targetContactId` into the contact `contactId`. Tags, funnels and
    variables are united in favour of `contactId`: where both contacts have a value, the value
    of `contactId` is kept, and every value that `contactId` lacks is taken from
    `targetContactId` (a variable that shows only its default value counts as lacking
    *(inferred)*).

    What becomes of the target is not documented. This document expects what a merge implies
    *(inferred)*: the target's gates move to `contactId`, and so do its notes *(inferred)* (the sandbox
    moves its
    messages and its cart too), the target contact is removed (reading
    it afterwards answers 404), a contact cannot be merged with itself (409), and the merge is
    all or nothing.

    Args:
        contact_id (int):
        target_contact_id (int):

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
            target_contact_id=target_contact_id,
            client=client,
        )
    ).parsed


def _raise_for_error_status(response: httpx.Response) -> None:
    errors.raise_for_error_status(response, frozenset({400, 401, 403, 404, 409, 429}))


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
    target_contact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> StateResult:
    """Merge two contacts: the answer's StateResult; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        target_contact_id=target_contact_id,
    )

    response = client.request(**kwargs)

    return _parse_success(client=client, response=response)


async def acall(
    contact_id: int,
    target_contact_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> StateResult:
    """Merge two contacts: the answer's StateResult; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        target_contact_id=target_contact_id,
    )

    response = await client.arequest(**kwargs)

    return _parse_success(client=client, response=response)
