from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_market_prices_interval import GetMarketPricesInterval
from ...models.http_validation_problem_details import HttpValidationProblemDetails
from ...models.price_history_view import PriceHistoryView
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    gpu_model: str,
    region: str | Unset = UNSET,
    interval: GetMarketPricesInterval | Unset = GetMarketPricesInterval.DAY,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["gpuModel"] = gpu_model

    params["region"] = region

    json_interval: str | Unset = UNSET
    if not isinstance(interval, Unset):
        json_interval = interval.value

    params["interval"] = json_interval

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/market/prices",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HttpValidationProblemDetails | PriceHistoryView | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = PriceHistoryView.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = HttpValidationProblemDetails.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())



        return response_401

    if response.status_code == 429:
        response_429 = ProblemDetails.from_dict(response.json())



        return response_429

    if response.status_code == 503:
        response_503 = ProblemDetails.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HttpValidationProblemDetails | PriceHistoryView | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    gpu_model: str,
    region: str | Unset = UNSET,
    interval: GetMarketPricesInterval | Unset = GetMarketPricesInterval.DAY,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,

) -> Response[HttpValidationProblemDetails | PriceHistoryView | ProblemDetails]:
    """ 
    Args:
        gpu_model (str):
        region (str | Unset):
        interval (GetMarketPricesInterval | Unset):  Default: GetMarketPricesInterval.DAY.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HttpValidationProblemDetails | PriceHistoryView | ProblemDetails]
     """


    kwargs = _get_kwargs(
        gpu_model=gpu_model,
region=region,
interval=interval,
from_=from_,
to=to,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    gpu_model: str,
    region: str | Unset = UNSET,
    interval: GetMarketPricesInterval | Unset = GetMarketPricesInterval.DAY,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,

) -> HttpValidationProblemDetails | PriceHistoryView | ProblemDetails | None:
    """ 
    Args:
        gpu_model (str):
        region (str | Unset):
        interval (GetMarketPricesInterval | Unset):  Default: GetMarketPricesInterval.DAY.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HttpValidationProblemDetails | PriceHistoryView | ProblemDetails
     """


    return sync_detailed(
        client=client,
gpu_model=gpu_model,
region=region,
interval=interval,
from_=from_,
to=to,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    gpu_model: str,
    region: str | Unset = UNSET,
    interval: GetMarketPricesInterval | Unset = GetMarketPricesInterval.DAY,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,

) -> Response[HttpValidationProblemDetails | PriceHistoryView | ProblemDetails]:
    """ 
    Args:
        gpu_model (str):
        region (str | Unset):
        interval (GetMarketPricesInterval | Unset):  Default: GetMarketPricesInterval.DAY.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HttpValidationProblemDetails | PriceHistoryView | ProblemDetails]
     """


    kwargs = _get_kwargs(
        gpu_model=gpu_model,
region=region,
interval=interval,
from_=from_,
to=to,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    gpu_model: str,
    region: str | Unset = UNSET,
    interval: GetMarketPricesInterval | Unset = GetMarketPricesInterval.DAY,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,

) -> HttpValidationProblemDetails | PriceHistoryView | ProblemDetails | None:
    """ 
    Args:
        gpu_model (str):
        region (str | Unset):
        interval (GetMarketPricesInterval | Unset):  Default: GetMarketPricesInterval.DAY.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HttpValidationProblemDetails | PriceHistoryView | ProblemDetails
     """


    return (await asyncio_detailed(
        client=client,
gpu_model=gpu_model,
region=region,
interval=interval,
from_=from_,
to=to,

    )).parsed
