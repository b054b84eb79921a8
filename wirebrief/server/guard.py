"""`HeaderTimeout`: uvicorn's h11 protocol with a time limit on a request's head (request line and headers).

uvicorn limits the idle time between requests (keep-alive) and the server limits a body's pace (app.BodyLimit), but
nothing limits the head: a client that opens a connection and sends one header byte now and then — or nothing —
holds it, and a few hundred such clients hold every file descriptor (slowloris). Here each request's head must be
complete within `HEADER_TIMEOUT_S` of its first byte being awaited (the connection opening, or the previous response
ending); past it the client gets 408 and the connection is closed. `wirebrief serve` runs with it
(`uvicorn.run(..., http=HeaderTimeout)`).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol

# a request's head is a few hundred bytes: any working client sends it in well under a second
HEADER_TIMEOUT_S = 10.0
_BODY = b'{"error": "request headers not received in time"}'
TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
                    b"content-length: %d\r\n\r\n%s" % (len(_BODY), _BODY))


class HeaderTimeout(H11Protocol):
    header_timeout = HEADER_TIMEOUT_S

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_due: asyncio.TimerHandle | None = None
        self._await_head()

    def _await_head(self) -> None:
        if self._head_due is None:
            self._head_due = self.loop.call_later(self.header_timeout, self._head_late)

    def _head_arrived(self) -> None:
        if self._head_due is not None:
            self._head_due.cancel()
            self._head_due = None

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._head_arrived()  # a request is being answered: its head came in time

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_head()  # the next request's head, on a kept-alive connection

    def _head_late(self) -> None:
        self._head_due = None
        if self.transport.is_closing() or (self.cycle is not None and not self.cycle.response_complete):
            return
        self.transport.write(TIMEOUT_RESPONSE)
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_arrived()
        super().connection_lost(exc)
