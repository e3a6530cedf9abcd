from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contact_page import ContactPage
from ...models.error_response import ErrorResponse
from ...models.unverified_error_response import UnverifiedErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
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
        "url": "/v1/contacts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContactPage | ErrorResponse | UnverifiedErrorResponse | None:
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
        raise errors.UnexpectedStatus(response.status_code, response.content)
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
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]:
    """List contacts

     Returns one page of the project's contacts. Use `page` and `limitation` to walk through the
    pages; `cursor.pages` tells how many pages there are. The order is not documented (the
    sandbox uses ascending id).

    Args:
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        page=page,
        limitation=limitation,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ContactPage | ErrorResponse | UnverifiedErrorResponse | None:
    """List contacts

     Returns one page of the project's contacts. Use `page` and `limitation` to walk through the
    pages; `cursor.pages` tells how many pages there are. The order is not documented (the
    sandbox uses ascending id).

    Args:
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactPage | ErrorResponse | UnverifiedErrorResponse
    """

    return sync_detailed(
        client=client,
        page=page,
        limitation=limitation,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]:
    """List contacts

     Returns one page of the project's contacts. Use `page` and `limitation` to walk through the
    pages; `cursor.pages` tells how many pages there are. The order is not documented (the
    sandbox uses ascending id).

    Args:
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactPage | ErrorResponse | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        page=page,
        limitation=limitation,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ContactPage | ErrorResponse | UnverifiedErrorResponse | None:
    """List contacts

     Returns one page of the project's contacts. Use `page` and `limitation` to walk through the
    pages; `cursor.pages` tells how many pages there are. The order is not documented (the
    sandbox uses ascending id).

    Args:
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactPage | ErrorResponse | UnverifiedErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            limitation=limitation,
        )
    ).parsed
