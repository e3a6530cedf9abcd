from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contact import Contact
from ...models.contact_page import ContactPage
from ...models.error_response import ErrorResponse
from ...models.unverified_error_response import UnverifiedErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    term: str,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["term"] = term

    params["page"] = page

    params["limitation"] = limitation

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/contacts/search",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContactPage | ErrorResponse | UnverifiedErrorResponse | None:
    if client.raise_on_error_status:
        _raise_for_error_status(response)
    if response.status_code == 200:
        response_200 = ContactPage.from_dict(response.json())

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
) -> Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    term: str,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]:
    """Search contacts

     Returns one page of the contacts that match `term`, at least by e-mail address and phone
    number (the fields live integrations search by). Paging works as in `listContacts`. How the
    term is matched is not documented: the sandbox matches it as a substring of the name, e-mail
    address and phone, without regard to case.

    Args:
        term (str):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        term=term,
        page=page,
        limitation=limitation,
    )

    response = client.request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    term: str,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ContactPage | ErrorResponse | UnverifiedErrorResponse | None:
    """Search contacts

     Returns one page of the contacts that match `term`, at least by e-mail address and phone
    number (the fields live integrations search by). Paging works as in `listContacts`. How the
    term is matched is not documented: the sandbox matches it as a substring of the name, e-mail
    address and phone, without regard to case.

    Args:
        term (str):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactPage | ErrorResponse | UnverifiedErrorResponse
    """

    return sync_detailed(
        client=client,
        term=term,
        page=page,
        limitation=limitation,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    term: str,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]:
    """Search contacts

     Returns one page of the contacts that match `term`, at least by e-mail address and phone
    number (the fields live integrations search by). Paging works as in `listContacts`. How the
    term is matched is not documented: the sandbox matches it as a substring of the name, e-mail
    address and phone, without regard to case.

    Args:
        term (str):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        term=term,
        page=page,
        limitation=limitation,
    )

    response = await client.arequest(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    term: str,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ContactPage | ErrorResponse | UnverifiedErrorResponse | None:
    """Search contacts

     Returns one page of the contacts that match `term`, at least by e-mail address and phone
    number (the fields live integrations search by). Paging works as in `listContacts`. How the
    term is matched is not documented: the sandbox matches it as a substring of the name, e-mail
    address and phone, without regard to case.

    Args:
        term (str):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactPage | ErrorResponse | UnverifiedErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            term=term,
            page=page,
            limitation=limitation,
        )
    ).parsed


def _raise_for_error_status(response: httpx.Response) -> None:
    errors.raise_for_error_status(response, frozenset({400, 401, 403, 429}))


def _parse_success(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContactPage:
    _raise_for_error_status(response)
    parsed = _parse_response(client=client, response=response)
    if response.status_code == 200:
        return cast(ContactPage, parsed)
    raise errors.UnexpectedStatus(
        response.status_code, response.content, response.headers, response.request
    )


def call(
    *,
    client: AuthenticatedClient | Client,
    term: str,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ContactPage:
    """Search contacts: the answer's ContactPage; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        term=term,
        page=page,
        limitation=limitation,
    )

    response = client.request(**kwargs)

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    term: str,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ContactPage:
    """Search contacts: the answer's ContactPage; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        term=term,
        page=page,
        limitation=limitation,
    )

    response = await client.arequest(**kwargs)

    return _parse_success(client=client, response=response)


def iter_all(
    *,
    client: AuthenticatedClient | Client,
    term: str,
    limitation: int | Unset = UNSET,
) -> Iterator[Contact]:
    """Search contacts: every item of every page, in order.

    Asks for page 1, 2, ... until the page whose number reaches its `cursor.pages` (a list without items
    ends after its first page), taking the same arguments as call() but `page`.

    Raises:
        errors.ApiError: as call() does, for the page that failed (the items before it were yielded).
        httpx.HTTPError: the request for a page failed (after the retries the client allows).
    """

    page = 1
    while True:
        current = call(
            client=client,
            term=term,
            page=page,
            limitation=limitation,
        )
        yield from current.collection
        if page >= current.cursor.pages:
            return
        page += 1


async def aiter_all(
    *,
    client: AuthenticatedClient | Client,
    term: str,
    limitation: int | Unset = UNSET,
) -> AsyncIterator[Contact]:
    """Search contacts: every item of every page, in order.

    Asks for page 1, 2, ... until the page whose number reaches its `cursor.pages` (a list without items
    ends after its first page), taking the same arguments as call() but `page`.

    Raises:
        errors.ApiError: as call() does, for the page that failed (the items before it were yielded).
        httpx.HTTPError: the request for a page failed (after the retries the client allows).
    """

    page = 1
    while True:
        current = await acall(
            client=client,
            term=term,
            page=page,
            limitation=limitation,
        )
        for listed in current.collection:
            yield listed
        if page >= current.cursor.pages:
            return
        page += 1
