"""A raw Streamlit websocket session for the load benchmark: connect, rerun the page, time it, read what it drew."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# The element kinds whose text says what the page shows (the cards' figures, the captions and tables' titles).
_TEXT_KINDS = ("metric", "markdown", "heading", "caption")


@dataclass
class Run:
    """One script run as the browser would see it: how long from the request to the last message, what it drew."""

    started: float  # time.monotonic() when the rerun was sent
    seconds: float
    errors: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)  # "label=value" of every st.metric, in order
    elements: int = 0

    @property
    def digest(self) -> str:
        """A short fingerprint of the figures on the page: it changes when the data behind the cards does."""
        return hashlib.sha256("\n".join(self.metrics).encode()).hexdigest()[:12]


def _read_element(message: ForwardMsg, run: Run) -> None:
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    run.elements += 1
    if kind == "exception":
        run.errors.append(f"exception: {element.exception.type}: {element.exception.message[:200]}")
    elif kind == "alert" and element.alert.format == element.alert.ERROR:
        run.errors.append(f"st.error: {element.alert.body[:200]}")
    elif kind == "metric":
        run.metrics.append(f"{element.metric.label}={element.metric.body}")


class Session:
    """One browser tab's websocket to the server (through the proxy when there is one)."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.url = f"ws://{host}:{port}/_stcore/stream"
        self.origin = f"http://{host}:{port}"
        self._ws: websockets.ClientConnection | None = None

    async def open(self) -> None:
        self._ws = await websockets.connect(
            self.url,
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(self.origin),
            max_size=None,
            open_timeout=60,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def rerun(self, timeout: float = 120.0) -> Run:
        """Ask for a run of the page (the first one renders it) and wait for its script_finished."""
        assert self._ws is not None, "open() first"
        request = BackMsg()
        request.rerun_script.query_string = ""
        request.rerun_script.page_script_hash = ""
        started = time.monotonic()
        await self._ws.send(request.SerializeToString())
        run = Run(started=started, seconds=0.0)
        try:
            await asyncio.wait_for(self._until_finished(run), timeout)
        except (TimeoutError, websockets.ConnectionClosed) as error:
            run.errors.append(f"{type(error).__name__}: {error}")
        run.seconds = time.monotonic() - started
        return run

    async def _until_finished(self, run: Run) -> None:
        assert self._ws is not None
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self._ws.recv())
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                _read_element(message, run)
            elif kind == "page_not_found":
                run.errors.append("page_not_found")
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a newer run of ours replaces it; wait for that one
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    run.errors.append(f"script_finished status {status}")
                return
