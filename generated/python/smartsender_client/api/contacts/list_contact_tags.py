from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.tag import Tag
from ...models.tag_page import TagPage
from ...models.unverified_error_response import UnverifiedErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    contact_id: int,
    *,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["limitation"] = limitation

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/contacts/{contact_id}/tags".format(
            contact_id=quote(str(contact_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TagPage | UnverifiedErrorResponse | None:
    if client.raise_on_error_status:
        _raise_for_error_status(response)
    if response.status_code == 200:
        response_200 = TagPage.from_dict(response.json())

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
) -> Response[ErrorResponse | TagPage | UnverifiedErrorResponse]:
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
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> Response[ErrorResponse | TagPage | UnverifiedErrorResponse]:
    """List a contact's tags

     Returns one page of the tags the contact has: the same tags as the contact's `tags` in
    `getContact`. Paging works as in `listContacts`. Tags come from the project's tag catalogue
    (the Tags API); this operation lists only the contact's.

    Args:
        contact_id (int):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TagPage | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        page=page,
        limitation=limitation,
    )

    response = client.request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ErrorResponse | TagPage | UnverifiedErrorResponse | None:
    """List a contact's tags

     Returns one page of the tags the contact has: the same tags as the contact's `tags` in
    `getContact`. Paging works as in `listContacts`. Tags come from the project's tag catalogue
    (the Tags API); this operation lists only the contact's.

    Args:
        contact_id (int):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TagPage | UnverifiedErrorResponse
    """

    return sync_detailed(
        contact_id=contact_id,
        client=client,
        page=page,
        limitation=limitation,
    ).parsed


async def asyncio_detailed(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> Response[ErrorResponse | TagPage | UnverifiedErrorResponse]:
    """List a contact's tags

     Returns one page of the tags the contact has: the same tags as the contact's `tags` in
    `getContact`. Paging works as in `listContacts`. Tags come from the project's tag catalogue
    (the Tags API); this operation lists only the contact's.

    Args:
        contact_id (int):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TagPage | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        page=page,
        limitation=limitation,
    )

    response = await client.arequest(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ErrorResponse | TagPage | UnverifiedErrorResponse | None:
    """List a contact's tags

     Returns one page of the tags the contact has: the same tags as the contact's `tags` in
    `getContact`. Paging works as in `listContacts`. Tags come from the project's tag catalogue
    (the Tags API); this operation lists only the contact's.

    Args:
        contact_id (int):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TagPage | UnverifiedErrorResponse
    """

    return (
        await asyncio_detailed(
            contact_id=contact_id,
            client=client,
            page=page,
            limitation=limitation,
        )
    ).parsed


def _raise_for_error_status(response: httpx.Response) -> None:
    errors.raise_for_error_status(response, frozenset({400, 401, 403, 404, 429}))


def _parse_success(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> TagPage:
    _raise_for_error_status(response)
    parsed = _parse_response(client=client, response=response)
    if response.status_code == 200:
        return cast(TagPage, parsed)
    raise errors.UnexpectedStatus(
        response.status_code, response.content, response.headers, response.request
    )


def call(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> TagPage:
    """List a contact's tags: the answer's TagPage; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        page=page,
        limitation=limitation,
    )

    response = client.request(**kwargs)

    return _parse_success(client=client, response=response)


async def acall(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> TagPage:
    """List a contact's tags: the answer's TagPage; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        page=page,
        limitation=limitation,
    )

    response = await client.arequest(**kwargs)

    return _parse_success(client=client, response=response)


def iter_all(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    limitation: int | Unset = UNSET,
) -> Iterator[Tag]:
    """List a contact's tags: every item of every page, in order.

    Asks for page 1, 2, ... until the page whose number reaches its `cursor.pages` (a list without items
    ends after its first page), taking the same arguments as call() but `page`.

    Raises:
        errors.ApiError: as call() does, for the page that failed (the items before it were yielded).
        httpx.HTTPError: the request for a page failed (after the retries the client allows).
    """

    page = 1
    while True:
        current = call(
            contact_id=contact_id,
            client=client,
            page=page,
            limitation=limitation,
        )
        yield from current.collection
        if page >= current.cursor.pages:
            return
        page += 1


async def aiter_all(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    limitation: int | Unset = UNSET,
) -> AsyncIterator[Tag]:
    """List a contact's tags: every item of every page, in order.

    Asks for page 1, 2, ... until the page whose number reaches its `cursor.pages` (a list without items
    ends after its first page), taking the same arguments as call() but `page`.

    Raises:
        errors.ApiError: as call() does, for the page that failed (the items before it were yielded).
        httpx.HTTPError: the request for a page failed (after the retries the client allows).
    """

    page = 1
    while True:
        current = await acall(
            contact_id=contact_id,
            client=client,
            page=page,
            limitation=limitation,
        )
        for listed in current.collection:
            yield listed
        if page >= current.cursor.pages:
            return
        page += 1
