from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.gate_page import GatePage
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
        "url": "/v1/contacts/{contact_id}/gates".format(
            contact_id=quote(str(contact_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GatePage | UnverifiedErrorResponse | None:
    if response.status_code == 200:
        response_200 = GatePage.from_dict(response.json())

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
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GatePage | UnverifiedErrorResponse]:
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
) -> Response[ErrorResponse | GatePage | UnverifiedErrorResponse]:
    """List a contact's communications

     Returns one page of the contact's gates: the messenger connections (Telegram, Viber,
    WhatsApp, ...) through which the contact can be reached. Paging works as in `listContacts`.

    Args:
        contact_id (int):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GatePage | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        page=page,
        limitation=limitation,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ErrorResponse | GatePage | UnverifiedErrorResponse | None:
    """List a contact's communications

     Returns one page of the contact's gates: the messenger connections (Telegram, Viber,
    WhatsApp, ...) through which the contact can be reached. Paging works as in `listContacts`.

    Args:
        contact_id (int):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GatePage | UnverifiedErrorResponse
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
) -> Response[ErrorResponse | GatePage | UnverifiedErrorResponse]:
    """List a contact's communications

     Returns one page of the contact's gates: the messenger connections (Telegram, Viber,
    WhatsApp, ...) through which the contact can be reached. Paging works as in `listContacts`.

    Args:
        contact_id (int):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GatePage | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        page=page,
        limitation=limitation,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contact_id: int,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    limitation: int | Unset = UNSET,
) -> ErrorResponse | GatePage | UnverifiedErrorResponse | None:
    """List a contact's communications

     Returns one page of the contact's gates: the messenger connections (Telegram, Viber,
    WhatsApp, ...) through which the contact can be reached. Paging works as in `listContacts`.

    Args:
        contact_id (int):
        page (int | Unset):
        limitation (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GatePage | UnverifiedErrorResponse
    """

    return (
        await asyncio_detailed(
            contact_id=contact_id,
            client=client,
            page=page,
            limitation=limitation,
        )
    ).parsed
