import asyncio
import datetime
import email.utils
import logging
import math
import ssl
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from typing import Any, Self

import httpx
from attrs import define, evolve, field

logger = logging.getLogger("smartsender_client")

# 5 s to connect: a server that can be reached answers a connection far sooner. 30 s for each read,
# write and wait for a pooled connection: the vendor publishes no latency, and a search of a large
# project may take seconds. It bounds each network wait, not a whole call (see the README).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

WINDOW_SECONDS = 60.0  # the rate limit counts requests a minute


@define(frozen=True)
class RateLimit:
    """The API's rate limit: requests a minute per token, then lock-outs of growing length."""

    requests_per_minute: int
    first_lockout_seconds: float
    lockout_step_seconds: float
    max_lockout_seconds: float

    def lockout_seconds(self, overruns: int) -> float:
        """The lock-out after the `overruns`-th overrun in a row (1, 2, ...)."""
        return min(
            self.first_lockout_seconds + self.lockout_step_seconds * (overruns - 1),
            self.max_lockout_seconds,
        )


# From the document's info.x-rate-limit, when this client was generated.
DOCUMENTED_RATE_LIMIT = RateLimit(
    requests_per_minute=180,
    first_lockout_seconds=60,
    lockout_step_seconds=60,
    max_lockout_seconds=720,
)


class RateLimiter:
    """Paces the requests of a client so that no more than `requests_per_minute` start in any 60 s.

    A request holds its place from the moment it is sent until 60 s after its answer came (or it
    failed): the server may count it at any moment in between, so no 60-second window of the server
    can see more requests than the limit, however long each one takes. A request that finds every
    place taken waits until the oldest is free. After a 429 answer, every request waits until the
    lock-out has passed (the server refuses them meanwhile). `requests_per_minute=None` (or 0)
    switches pacing off: then nothing waits but a retry.

    One limiter serves every call made through a client, sync and async, from any thread or task;
    clients derived from it (`with_headers()`, ...) share it, and so does any client given it as
    `rate_limit=`. It also counts the lock-outs in a row (the 429 answers that come during one count
    once), which the documented lock-out escalation needs when an answer has no `Retry-After`. `clock`, `sleep` and `async_sleep` are the time it
    reads and how it waits (a test may pass its own).
    """

    def __init__(
        self,
        requests_per_minute: int | None = DOCUMENTED_RATE_LIMIT.requests_per_minute,
        *,
        lockouts: RateLimit = DOCUMENTED_RATE_LIMIT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if requests_per_minute is not None and (
            isinstance(requests_per_minute, bool)
            or not isinstance(requests_per_minute, int)
            or requests_per_minute < 0
        ):
            raise ValueError(
                f"rate_limit={requests_per_minute!r}: give the requests a minute to stay within (a whole number, "
                f"the document's is {DOCUMENTED_RATE_LIMIT.requests_per_minute}), or None to switch pacing off"
            )
        self.requests_per_minute = requests_per_minute or None
        self.lockouts = lockouts
        self._clock, self._sleep, self._async_sleep = clock, sleep, async_sleep
        self._lock = threading.Lock()
        self._in_flight = 0
        # When the answers of recent requests came, oldest first.
        self._answered: deque[float] = deque()
        self._locked_until = -math.inf
        self._overruns = 0  # lock-outs in a row, as 429 answers tell them
        self._lockout_ends = (
            -math.inf
        )  # when the last lock-out a 429 answer told of ends

    def __repr__(self) -> str:
        return f"RateLimiter(requests_per_minute={self.requests_per_minute!r})"

    def _reserve(self, not_before: float) -> tuple[float, str]:
        """Takes a place and returns (0, ""), or returns how long to wait and why."""
        with self._lock:
            now = self._clock()
            if not_before > now or self._locked_until > now:
                if self._locked_until > not_before:
                    return (
                        self._locked_until - now,
                        "the lock-out a 429 answer announced",
                    )
                # A retry, whose wait was logged when it was decided.
                return not_before - now, ""
            if self.requests_per_minute is None:
                return 0.0, ""
            while self._answered and self._answered[0] <= now - WINDOW_SECONDS:
                self._answered.popleft()
            if self._in_flight + len(self._answered) < self.requests_per_minute:
                self._in_flight += 1
                return 0.0, ""
            wait = (
                self._answered[0] + WINDOW_SECONDS - now
                if self._answered
                else WINDOW_SECONDS
            )
            return (
                wait,
                f"the rate limit ({self.requests_per_minute} requests in any {WINDOW_SECONDS:g} s)",
            )

    def _release(self) -> None:
        if self.requests_per_minute is not None:
            with self._lock:
                self._in_flight -= 1
                self._answered.append(self._clock())

    def _log_wait(self, label: str, wait: float, why: str) -> None:
        # INFO from a second on: a paced bulk job waits a few ms before many of its requests.
        if why:
            logger.log(
                logging.INFO if wait >= 1 else logging.DEBUG,
                "%s waits %.1f s for %s",
                label,
                wait,
                why,
            )

    @contextmanager
    def slot(self, label: str, delay: float = 0.0) -> Iterator[None]:
        """Holds a place for one request sent in the block, after waiting as long as pacing needs
        and at least `delay` seconds; `label` names the request in the log."""
        not_before = self._clock() + delay
        while True:
            wait, why = self._reserve(not_before)
            if wait <= 0:
                break
            self._log_wait(label, wait, why)
            self._sleep(wait)
        try:
            yield
        finally:
            self._release()

    @asynccontextmanager
    async def async_slot(self, label: str, delay: float = 0.0) -> AsyncIterator[None]:
        """`slot()` for a coroutine: it waits with `async_sleep`, never blocking the event loop."""
        not_before = self._clock() + delay
        while True:
            wait, why = self._reserve(not_before)
            if wait <= 0:
                break
            self._log_wait(label, wait, why)
            await self._async_sleep(wait)
        try:
            yield
        finally:
            self._release()

    def rate_limited(self, retry_after: float | None) -> float:
        """Records a 429 answer and returns the seconds to wait before the next request: what its
        `Retry-After` said, else what is left of the documented lock-out for the number of overruns
        in a row. A 429 that comes while a lock-out told of by an earlier one lasts (concurrent
        requests refused together) is that overrun, not a further one. Other requests are held for
        that long, but never longer than the longest documented lock-out (a proxy's
        `Retry-After: 86400` must not stop the client for a day)."""
        with self._lock:
            now = self._clock()
            if now < self._lockout_ends:
                wait = (
                    retry_after if retry_after is not None else self._lockout_ends - now
                )
            else:
                self._overruns += 1
                wait = (
                    retry_after
                    if retry_after is not None
                    else self.lockouts.lockout_seconds(self._overruns)
                )
            held = min(wait, self.lockouts.max_lockout_seconds)
            self._lockout_ends = max(self._lockout_ends, now + held)
            if self.requests_per_minute is not None:
                self._locked_until = max(self._locked_until, now + held)
            return wait

    def answered(self) -> None:
        """Records an answer other than 429: the next 429 after the lock-out starts the escalation afresh."""
        with self._lock:
            self._overruns = 0


DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RETRY_WAIT = 180.0  # seconds: the first two lock-outs of the documented escalation (60 s + 120 s)
# Methods whose repetition does no more than the request once did: sent again after a 5xx answer or a
# lost connection. POST is sent again only when the server cannot have acted on it (429, or no connection).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures before a request was sent: no connection, or none free in the pool.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures that may come after the server got the request.
_LOST = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# The waits after a 5xx answer or a failure: 0.5 s, 1 s, 2 s, ... up to 8 s.
_BACKOFF_SECONDS = 0.5
_LONGEST_BACKOFF_SECONDS = 8.0


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """The seconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or None without a usable one."""
    value = (headers.get("Retry-After") or headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


def _check_retry_settings(max_retries: int, max_retry_wait: float) -> None:
    if (
        isinstance(max_retries, bool)
        or not isinstance(max_retries, int)
        or max_retries < 0
    ):
        raise ValueError(
            f"max_retries={max_retries!r}: give how often a call may send its request again, 0 or more (0 never retries)"
        )
    if (
        isinstance(max_retry_wait, bool)
        or not isinstance(max_retry_wait, int | float)
        or not max_retry_wait >= 0
    ):
        raise ValueError(
            f"max_retry_wait={max_retry_wait!r}: give the seconds a call may wait between its attempts in all, "
            "0 or more (0 never waits)"
        )


class _Attempts:
    """The retry decisions of one call: after each attempt, whether to send the request again, and
    after how long (`delay`). At most `max_retries` retries, whose waits add up to `max_retry_wait`
    seconds at most (pacing waits do not count: they keep the call from being refused)."""

    def __init__(
        self,
        limiter: RateLimiter,
        max_retries: int,
        max_retry_wait: float,
        method: str,
        url: str,
    ) -> None:
        self.limiter, self.max_retries, self.max_retry_wait = (
            limiter,
            max_retries,
            max_retry_wait,
        )
        self.method = method.upper()
        self.label = f"{self.method} {httpx.URL(url).path}"  # no query: search terms stay out of logs
        self.retries = 0
        self.waited = 0.0
        self.delay = 0.0

    def after_answer(self, response: httpx.Response) -> bool:
        if response.status_code == 429:
            wait = self.limiter.rate_limited(parse_retry_after(response.headers))
            return self._retry(wait, "answered 429 (rate limited)")
        self.limiter.answered()
        if response.status_code >= 500 and self.method in IDEMPOTENT_METHODS:
            asked = parse_retry_after(response.headers)
            return self._retry(
                self._backoff() if asked is None else asked,
                f"answered {response.status_code}",
            )
        return False

    def after_error(self, error: httpx.TransportError) -> bool:
        if isinstance(error, _NOT_SENT) or (
            isinstance(error, _LOST) and self.method in IDEMPOTENT_METHODS
        ):
            return self._retry(
                self._backoff(), f"failed ({type(error).__name__}: {error})"
            )
        return False

    def _backoff(self) -> float:
        return min(_BACKOFF_SECONDS * 2.0**self.retries, _LONGEST_BACKOFF_SECONDS)

    def _retry(self, wait: float, what: str) -> bool:
        if self.retries >= self.max_retries:
            logger.warning(
                "%s %s; not retried (max_retries=%d reached)",
                self.label,
                what,
                self.max_retries,
            )
            return False
        if self.waited + wait > self.max_retry_wait:
            logger.warning(
                "%s %s; not retried: waiting %.1f s more would take the call past max_retry_wait=%g s",
                self.label,
                what,
                wait,
                self.max_retry_wait,
            )
            return False
        self.retries += 1
        self.waited += wait
        self.delay = wait
        logger.warning(
            "%s %s; retry %d of %d in %.1f s",
            self.label,
            what,
            self.retries,
            self.max_retries,
            wait,
        )
        return True


def _send(
    http: httpx.Client,
    limiter: RateLimiter,
    max_retries: int,
    max_retry_wait: float,
    request: dict[str, Any],
) -> httpx.Response:
    attempts = _Attempts(
        limiter, max_retries, max_retry_wait, request["method"], request["url"]
    )
    while True:
        with limiter.slot(attempts.label, attempts.delay):
            try:
                response = http.request(**request)
            except httpx.TransportError as error:
                if not attempts.after_error(error):
                    raise
                continue
        if not attempts.after_answer(response):
            return response


async def _send_async(
    http: httpx.AsyncClient,
    limiter: RateLimiter,
    max_retries: int,
    max_retry_wait: float,
    request: dict[str, Any],
) -> httpx.Response:
    attempts = _Attempts(
        limiter, max_retries, max_retry_wait, request["method"], request["url"]
    )
    while True:
        async with limiter.async_slot(attempts.label, attempts.delay):
            try:
                response = await http.request(**request)
            except httpx.TransportError as error:
                if not attempts.after_error(error):
                    raise
                continue
        if not attempts.after_answer(response):
            return response


def _timeout(value: httpx.Timeout | float | None) -> httpx.Timeout | None:
    """A timeout as httpx takes it: seconds for every network wait, an httpx.Timeout, or None for none."""
    return (
        value
        if value is None or isinstance(value, httpx.Timeout)
        else httpx.Timeout(value)
    )


def _rate_limiter(value: RateLimiter | int | None) -> RateLimiter:
    """The client's RateLimiter: the one given, or a new one for this many requests a minute (None: no pacing)."""
    return value if isinstance(value, RateLimiter) else RateLimiter(value)


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded. An httpx.Timeout or a number of seconds, each bounding
        every network wait (connecting, each read and write); None for none. Default: DEFAULT_TIMEOUT,
        httpx.Timeout(30.0, connect=5.0).

        ``rate_limit``: The requests a minute to stay within: the client paces its calls (sync and async,
        from any thread) so that no more start in any 60 s. Default: the document's limit
        (DOCUMENTED_RATE_LIMIT.requests_per_minute); None or 0 switches pacing off. A RateLimiter is used
        as it is, so clients given the same one share the limit.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        raise_on_error_status: Whether or not sync() and asyncio() (and the *_detailed functions) raise the
            errors.ApiError of an error answer (status 400 or more: its class for a documented status,
            errors.UnexpectedStatus otherwise) instead of returning it. call() and iter_all() always raise.
            Default: False.
        max_retries: How often a call may send its request again: after a 429 answer or a failure to connect,
            and for GET, PUT and DELETE also after a 5xx answer or a lost connection. Default: 2; 0 never
            retries.
        max_retry_wait: The seconds a call may wait between its attempts, in all: a retry whose wait (Retry-
            After, else the documented lock-out, or 0.5 s, 1 s, 2 s... after a failure) would go past it is not
            made. Default: 180 (the first two lock-outs); 0 never waits.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    raise_on_error_status: bool = field(default=False, kw_only=True)
    max_retries: int = field(default=DEFAULT_MAX_RETRIES, kw_only=True)
    max_retry_wait: float = field(default=DEFAULT_MAX_RETRY_WAIT, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(
        default=DEFAULT_TIMEOUT, converter=_timeout, kw_only=True, alias="timeout"
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(
        default=True, kw_only=True, alias="verify_ssl"
    )
    _follow_redirects: bool = field(
        default=False, kw_only=True, alias="follow_redirects"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)
    # Threads that make the first calls together build one httpx client, not one each (the others'
    # pools would stay open, and only the last one built would be closed).
    _building: threading.Lock = field(
        factory=threading.Lock, init=False, repr=False, eq=False
    )
    _rate_limiter: RateLimiter = field(
        factory=RateLimiter, converter=_rate_limiter, kw_only=True, alias="rate_limit"
    )

    def __attrs_post_init__(self) -> None:
        _check_retry_settings(self.max_retries, self.max_retry_wait)

    @property
    def rate_limiter(self) -> RateLimiter:
        """The RateLimiter that paces this client's requests (pass it as `rate_limit=` to share it)."""
        return self._rate_limiter

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional headers (this one keeps its own)"""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional cookies (this one keeps its own)"""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | float | None) -> "Client":
        """Get a new client matching this one with a new timeout configuration (this one keeps its own)"""
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        with self._building:
            if self._client is None:
                self._client = httpx.Client(
                    base_url=self._base_url,
                    cookies=self._cookies,
                    headers=self._headers,
                    timeout=self._timeout,
                    verify=self._verify_ssl,
                    follow_redirects=self._follow_redirects,
                    **self._httpx_args,
                )
        return self._client

    def request(self, **kwargs: Any) -> httpx.Response:
        """Send a request with the underlying httpx.Client (the keyword arguments of its request()), paced
        to the rate limit and retried as `max_retries` and `max_retry_wait` allow; what every sync API
        function does."""
        return _send(
            self.get_httpx_client(),
            self._rate_limiter,
            self.max_retries,
            self.max_retry_wait,
            kwargs,
        )

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        with self._building:
            if self._async_client is None:
                self._async_client = httpx.AsyncClient(
                    base_url=self._base_url,
                    cookies=self._cookies,
                    headers=self._headers,
                    timeout=self._timeout,
                    verify=self._verify_ssl,
                    follow_redirects=self._follow_redirects,
                    **self._httpx_args,
                )
        return self._async_client

    async def arequest(self, **kwargs: Any) -> httpx.Response:
        """request() for the underlying httpx.AsyncClient; what every async API function does."""
        return await _send_async(
            self.get_async_httpx_client(),
            self._rate_limiter,
            self.max_retries,
            self.max_retry_wait,
            kwargs,
        )

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded. An httpx.Timeout or a number of seconds, each bounding
        every network wait (connecting, each read and write); None for none. Default: DEFAULT_TIMEOUT,
        httpx.Timeout(30.0, connect=5.0).

        ``rate_limit``: The requests a minute to stay within: the client paces its calls (sync and async,
        from any thread) so that no more start in any 60 s. Default: the document's limit
        (DOCUMENTED_RATE_LIMIT.requests_per_minute); None or 0 switches pacing off. A RateLimiter is used
        as it is, so clients given the same one share the limit.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        raise_on_error_status: Whether or not sync() and asyncio() (and the *_detailed functions) raise the
            errors.ApiError of an error answer (status 400 or more: its class for a documented status,
            errors.UnexpectedStatus otherwise) instead of returning it. call() and iter_all() always raise.
            Default: False.
        max_retries: How often a call may send its request again: after a 429 answer or a failure to connect,
            and for GET, PUT and DELETE also after a 5xx answer or a lost connection. Default: 2; 0 never
            retries.
        max_retry_wait: The seconds a call may wait between its attempts, in all: a retry whose wait (Retry-
            After, else the documented lock-out, or 0.5 s, 1 s, 2 s... after a failure) would go past it is not
            made. Default: 180 (the first two lock-outs); 0 never waits.
        token: The token to use for authentication
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    raise_on_error_status: bool = field(default=False, kw_only=True)
    max_retries: int = field(default=DEFAULT_MAX_RETRIES, kw_only=True)
    max_retry_wait: float = field(default=DEFAULT_MAX_RETRY_WAIT, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(
        default=DEFAULT_TIMEOUT, converter=_timeout, kw_only=True, alias="timeout"
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(
        default=True, kw_only=True, alias="verify_ssl"
    )
    _follow_redirects: bool = field(
        default=False, kw_only=True, alias="follow_redirects"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)
    # Threads that make the first calls together build one httpx client, not one each (the others'
    # pools would stay open, and only the last one built would be closed).
    _building: threading.Lock = field(
        factory=threading.Lock, init=False, repr=False, eq=False
    )
    _rate_limiter: RateLimiter = field(
        factory=RateLimiter, converter=_rate_limiter, kw_only=True, alias="rate_limit"
    )

    def __attrs_post_init__(self) -> None:
        _check_retry_settings(self.max_retries, self.max_retry_wait)

    @property
    def rate_limiter(self) -> RateLimiter:
        """The RateLimiter that paces this client's requests (pass it as `rate_limit=` to share it)."""
        return self._rate_limiter

    token: str = field(repr=False)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers (this one keeps its own)"""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies (this one keeps its own)"""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(
        self, timeout: httpx.Timeout | float | None
    ) -> "AuthenticatedClient":
        """Get a new client matching this one with a new timeout configuration (this one keeps its own)"""
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        with self._building:
            if self._client is None:
                self._client = httpx.Client(
                    base_url=self._base_url,
                    cookies=self._cookies,
                    headers={
                        **self._headers,
                        self.auth_header_name: self._authorization(),
                    },
                    timeout=self._timeout,
                    verify=self._verify_ssl,
                    follow_redirects=self._follow_redirects,
                    **self._httpx_args,
                )
        return self._client

    def request(self, **kwargs: Any) -> httpx.Response:
        """Send a request with the underlying httpx.Client (the keyword arguments of its request()), paced
        to the rate limit and retried as `max_retries` and `max_retry_wait` allow; what every sync API
        function does."""
        return _send(
            self.get_httpx_client(),
            self._rate_limiter,
            self.max_retries,
            self.max_retry_wait,
            kwargs,
        )

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        with self._building:
            if self._async_client is None:
                self._async_client = httpx.AsyncClient(
                    base_url=self._base_url,
                    cookies=self._cookies,
                    headers={
                        **self._headers,
                        self.auth_header_name: self._authorization(),
                    },
                    timeout=self._timeout,
                    verify=self._verify_ssl,
                    follow_redirects=self._follow_redirects,
                    **self._httpx_args,
                )
        return self._async_client

    async def arequest(self, **kwargs: Any) -> httpx.Response:
        """request() for the underlying httpx.AsyncClient; what every async API function does."""
        return await _send_async(
            self.get_async_httpx_client(),
            self._rate_limiter,
            self.max_retries,
            self.max_retry_wait,
            kwargs,
        )

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)

    def _authorization(self) -> str:
        # The token goes into the httpx clients' headers only, never into this object's: repr(client)
        # (an attrs repr, in a log or a traceback) shows no token.
        return f"{self.prefix} {self.token}" if self.prefix else self.token
