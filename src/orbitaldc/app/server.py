"""The web app: a Starlette application served by uvicorn, fully offline.

One static page (``static/index.html`` + ``app.js``) and plotly.js from the installed ``plotly``
package (``package_data/plotly.min.js``), so nothing is fetched from a CDN at view time. The page
calls the JSON API (docs/app.md):

- ``GET  /api/meta``   controls (unit, range, catalog source), the starting scenario, the presets
- ``POST /api/run``    scenario document -> result document (``?operations=true``: with the
                       Operations stage's simulation); 400 ``error: <field>: <why>`` for bad input
- ``POST /api/bridge`` ``{from, to}`` scenarios -> the bridge of ``orbitaldc compare``
- ``POST /api/yaml``   scenario document -> YAML that ``orbitaldc run`` accepts unchanged
- ``GET  /api/health`` ``{"ok": true}``

The pipeline runs in worker threads, at most ``WORKERS`` at a time (the rest wait their turn), so a
burst of requests queues instead of oversubscribing the cores, and the event loop keeps answering.
Binding: loopback unless a public address is asked for explicitly (``bind_host``); while bound to
loopback, requests whose Host header names another machine are refused (a DNS-rebinding guard).
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import os
import socket
import sys
import threading
import time
from importlib import resources
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from orbitaldc import __version__
from orbitaldc.app import api
from orbitaldc.app.controls import controls
from orbitaldc.app.presets import presets, starting_path
from orbitaldc.errors import ScenarioError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
WORKERS = max(2, os.cpu_count() or 2)
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
TRUE = {"1", "true", "yes", "on"}


def static_dir() -> Path:
    return Path(str(resources.files(__package__).joinpath("static")))


def plotly_js() -> Path:
    """plotly.js as the installed plotly package ships it (the same file the HTML report embeds)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise ScenarioError("plotly", f"the installed plotly package has no {path.name} ({path})")
    return path


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and the names of this machine's loopback interface."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_host(host: str | None, explicit: bool = False) -> str:
    """The address to bind: loopback by default; any other address only when asked for explicitly
    (``orbitaldc app --host ADDRESS``), since whoever reaches it can run scenarios on this machine."""
    if host is None:
        return DEFAULT_HOST
    if not is_loopback(host) and not explicit:
        raise ScenarioError("--host", f"{host} is not a loopback address: the app binds a public address only "
                                      "when asked explicitly (orbitaldc app --host ADDRESS)")
    return host


def _error(exc: ScenarioError, status: int = 400) -> PlainTextResponse:
    """One line, as the CLI prints it."""
    return PlainTextResponse(" ".join(f"error: {exc.field}: {exc.why}".split()), status_code=status)


class _Api:
    """The routes' state: what the page needs to start, and the worker limit."""

    def __init__(self, start: Path | None):
        path = start if start is not None else starting_path()
        self.start = {"path": str(path), "label": "starting scenario", "scenario": api.scenario_file_document(path)}
        self.controls = controls()
        self.limiter: anyio.CapacityLimiter | None = None

    async def _compute(self, request: Request, fn):
        """Run ``fn`` on the request's JSON in a worker thread; 400 for bad input, 500 for a bug."""
        if "application/json" not in request.headers.get("content-type", ""):
            return PlainTextResponse("error: content-type: send the scenario as application/json",
                                     status_code=415)
        try:
            data = api.parse_body(await _read_body(request))
        except ScenarioError as exc:
            return _error(exc, 413 if isinstance(exc, api.BodyTooLarge) else 400)
        if self.limiter is None:  # created on the event loop that serves the requests
            self.limiter = anyio.CapacityLimiter(WORKERS)

        def timed(doc):  # the compute alone, not the wait for a worker
            started = time.perf_counter()
            return fn(doc), time.perf_counter() - started

        try:
            result, seconds = await anyio.to_thread.run_sync(timed, data, limiter=self.limiter)
        except ScenarioError as exc:
            return _error(exc)
        except ValueError as exc:  # a model refusing its input (e.g. no finite Monte Carlo sample)
            return _error(ScenarioError("scenario", str(exc)))
        except Exception as exc:  # a bug: one line, and the server keeps serving
            print(f"orbitaldc app: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return _error(ScenarioError("internal", f"{type(exc).__name__}: {exc}"), 500)
        # compute: validation, the pipeline and the document (what `make bench` measures), not the JSON
        timing = {"Server-Timing": f"compute;dur={seconds * 1e3:.1f}"}
        if isinstance(result, str):
            return PlainTextResponse(result, media_type="application/yaml", headers={
                **timing, "Content-Disposition": 'attachment; filename="scenario.yaml"'})
        return Response(api.to_json(result), media_type="application/json", headers=timing)

    async def run(self, request: Request) -> Response:
        operations = request.query_params.get("operations", "").lower() in TRUE
        return await self._compute(request, functools.partial(api.run_document, operations=operations))

    async def bridge(self, request: Request) -> Response:
        return await self._compute(request, api.bridge_document)

    async def yaml(self, request: Request) -> Response:
        return await self._compute(request, api.scenario_yaml)

    async def meta(self, request: Request) -> Response:
        listed = await anyio.to_thread.run_sync(presets)  # read once, then cached
        return JSONResponse({"orbitaldc_version": __version__, "start": self.start, "presets": listed,
                             "controls": self.controls})

    def warm(self) -> None:
        """Load the presets and run the starting scenario once (imports, numba, caches), so the first
        page answers at once; called in the background while the server already listens."""
        presets()
        try:
            api.run_document(self.start["scenario"])
        except ScenarioError:
            pass  # the page shows the error when it asks


async def _read_body(request: Request) -> bytes:
    """The body, refused as soon as it passes api.MAX_BODY_BYTES (never read whole into memory)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > api.MAX_BODY_BYTES:
            raise api.BodyTooLarge("scenario", f"request body larger than {api.MAX_BODY_BYTES:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _index(request: Request) -> Response:
    return FileResponse(static_dir() / "index.html", headers={"Cache-Control": "no-cache"})


async def _plotly(request: Request) -> Response:
    return FileResponse(plotly_js(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})


async def _no_icon(request: Request) -> Response:
    return Response(status_code=204)


async def _health(request: Request) -> Response:
    return JSONResponse({"ok": True})


class LoopbackOnly:
    """ASGI middleware: refuse requests whose Host header is not a loopback name (DNS rebinding:
    another site's page resolving its own name to 127.0.0.1 could otherwise read the API)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = host.rsplit("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
            if not is_loopback(name):
                response = PlainTextResponse(f"error: host: {name or '(none)'} is not this machine's loopback "
                                             "address", status_code=421)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(start: Path | None = None, loopback: bool = True) -> Starlette:
    """The ASGI application; ``start`` is the starting scenario file (default: the shipped one)."""
    state = _Api(start)
    routes = [
        Route("/", _index),
        Route("/favicon.ico", _no_icon),
        Route("/static/plotly.min.js", _plotly),
        Mount("/static", StaticFiles(directory=static_dir()), name="static"),
        Route("/api/health", _health),
        Route("/api/meta", state.meta),
        Route("/api/run", state.run, methods=["POST"]),
        Route("/api/bridge", state.bridge, methods=["POST"]),
        Route("/api/yaml", state.yaml, methods=["POST"]),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(LoopbackOnly)] if loopback else [])
    app.state.api = state
    return app


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on (host, port); ScenarioError naming --host or --port when it cannot be."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ScenarioError("--host", f"{host}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ScenarioError("--port", f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def server(app, sock: socket.socket):
    """A uvicorn server for ``app`` on ``sock`` (quiet: no access log, warnings only)."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    return uvicorn.Server(config)


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


def serve(start: Path | None = None, host: str | None = None, port: int = DEFAULT_PORT,
          explicit_host: bool = False) -> None:
    """Serve until interrupted (``orbitaldc app``)."""
    host = bind_host(host, explicit_host)
    loopback = is_loopback(host)
    sock = listen(host, port)  # first, so a busy port fails at once
    try:
        app = create_app(start, loopback=loopback)
    except BaseException:
        sock.close()
        raise
    if not loopback:
        print(f"note: serving on {host}, not loopback: anyone who can reach this machine can use the app",
              file=sys.stderr)
    print(f"orbitaldc app: {url_of(sock)} (Ctrl-C to stop)", flush=True)
    threading.Thread(target=app.state.api.warm, daemon=True, name="orbitaldc-app-warm-up").start()
    server(app, sock).run(sockets=[sock])


@contextlib.contextmanager
def running(start: Path | None = None, host: str = DEFAULT_HOST, port: int = 0):
    """The app served from a background thread while the block runs (tests, benchmarks, notebooks);
    yields its base URL. Loopback only."""
    host = bind_host(host)
    sock = listen(host, port)
    app = create_app(start)
    srv = server(app, sock)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True, name="orbitaldc-app")
    thread.start()
    threading.Thread(target=app.state.api.warm, daemon=True, name="orbitaldc-app-warm-up").start()
    try:
        deadline = time.monotonic() + 30.0
        while not srv.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the app server did not start")
            time.sleep(0.01)
        yield url_of(sock)
    finally:
        srv.should_exit = True
        thread.join(timeout=10.0)
        sock.close()
