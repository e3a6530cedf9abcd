from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_gate_request import CreateGateRequest
from ...models.error_response import ErrorResponse
from ...models.gate import Gate
from ...models.unverified_error_response import UnverifiedErrorResponse
from ...types import Response


def _get_kwargs(
    channel_id: int,
    *,
    body: CreateGateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/channels/{channel_id}/gates".format(
            channel_id=quote(str(channel_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | Gate | UnverifiedErrorResponse | None:
    if client.raise_on_error_status:
        _raise_for_error_status(response)
    if response.status_code == 200:
        response_200 = Gate.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Gate.from_dict(response.json())

        return response_201

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
) -> Response[ErrorResponse | Gate | UnverifiedErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    channel_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: CreateGateRequest,
) -> Response[ErrorResponse | Gate | UnverifiedErrorResponse]:
    """Create a contact through a channel gate

     Creates a gate on the channel for the messenger user `identifier`; the contact behind it is
    created with it. This is the only way to create a contact through the API, and the vendor
    currently supports it for WhatsApp channels only; other channel types are refused with 409
    *(inferred)*. When the channel already has a gate for `identifier`, that gate is returned and
    nothing is created.

    The status of a successful answer is not documented. This document expects 200 *(inferred)*
    and accepts 201 Created as well: both carry the gate, with the same links.

    Args:
        channel_id (int):
        body (CreateGateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Gate | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        body=body,
    )

    response = client.request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    channel_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: CreateGateRequest,
) -> ErrorResponse | Gate | UnverifiedErrorResponse | None:
    """Create a contact through a channel gate

     Creates a gate on the channel for the messenger user `identifier`; the contact behind it is
    created with it. This is the only way to create a contact through the API, and the vendor
    currently supports it for WhatsApp channels only; other channel types are refused with 409
    *(inferred)*. When the channel already has a gate for `identifier`, that gate is returned and
    nothing is created.

    The status of a successful answer is not documented. This document expects 200 *(inferred)*
    and accepts 201 Created as well: both carry the gate, with the same links.

    Args:
        channel_id (int):
        body (CreateGateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Gate | UnverifiedErrorResponse
    """

    return sync_detailed(
        channel_id=channel_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    channel_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: CreateGateRequest,
) -> Response[ErrorResponse | Gate | UnverifiedErrorResponse]:
    """Create a contact through a channel gate

     Creates a gate on the channel for the messenger user `identifier`; the contact behind it is
    created with it. This is the only way to create a contact through the API, and the vendor
    currently supports it for WhatsApp channels only; other channel types are refused with 409
    *(inferred)*. When the channel already has a gate for `identifier`, that gate is returned and
    nothing is created.

    The status of a successful answer is not documented. This document expects 200 *(inferred)*
    and accepts 201 Created as well: both carry the gate, with the same links.

    Args:
        channel_id (int):
        body (CreateGateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Gate | UnverifiedErrorResponse]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        body=body,
    )

    response = await client.arequest(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    channel_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: CreateGateRequest,
) -> ErrorResponse | Gate | UnverifiedErrorResponse | None:
    """Create a contact through a channel gate

     Creates a gate on the channel for the messenger user `identifier`; the contact behind it is
    created with it. This is the only way to create a contact through the API, and the vendor
    currently supports it for WhatsApp channels only; other channel types are refused with 409
    *(inferred)*. When the channel already has a gate for `identifier`, that gate is returned and
    nothing is created.

    The status of a successful answer is not documented. This document expects 200 *(inferred)*
    and accepts 201 Created as well: both carry the gate, with the same links.

    Args:
        channel_id (int):
        body (CreateGateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ApiError: If the server returns an error status (400 or more) and Client.raise_on_error_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Gate | UnverifiedErrorResponse
    """

    return (
        await asyncio_detailed(
            channel_id=channel_id,
            client=client,
            body=body,
        )
    ).parsed


def _raise_for_error_status(response: httpx.Response) -> None:
    errors.raise_for_error_status(response, frozenset({400, 401, 403, 404, 409, 429}))


def _parse_success(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Gate:
    _raise_for_error_status(response)
    parsed = _parse_response(client=client, response=response)
    if response.status_code == 200 or response.status_code == 201:
        return cast(Gate, parsed)
    raise errors.UnexpectedStatus(
        response.status_code, response.content, response.headers, response.request
    )


def call(
    channel_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: CreateGateRequest,
) -> Gate:
    """Create a contact through a channel gate: the answer's Gate; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        body=body,
    )

    response = client.request(**kwargs)

    return _parse_success(client=client, response=response)


async def acall(
    channel_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: CreateGateRequest,
) -> Gate:
    """Create a contact through a channel gate: the answer's Gate; any other answer raises.

    Raises:
        errors.ApiError: an error answer, as the subclass of its status (errors.NotFoundError for 404,
            errors.RateLimitError for a 429 left after the client's retries, ...), or
            errors.UnexpectedStatus for a status the document does not give this operation.
        httpx.HTTPError: the request failed (after the retries the client allows).
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        body=body,
    )

    response = await client.arequest(**kwargs)

    return _parse_success(client=client, response=response)
