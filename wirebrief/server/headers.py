"""`SecurityHeaders`: the same security headers on every HTML the server sends — the page (/), the API docs (/docs,
/redoc, /docs/oauth2-redirect) and anything added later — so that none can be framed (clickjacking), sniffed as
another type, or leak its URL as a referrer, and none runs script from anywhere but this server.

The page runs no inline script at all. The docs pages (Swagger UI and ReDoc from the fastapi-offline package) run one
small inline script each, allowed by its SHA-256 hash, taken from the response itself, so a page that changed could
not run a script it was not sent with; their styles are inline too (ReDoc writes <style> elements as it renders), so
they may use inline styles, which run no code.
"""

from __future__ import annotations

import base64
import hashlib
import re

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
OTHER_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
INLINE_STYLE = re.compile(rb"<style\b", re.IGNORECASE)
MAX_HTML_BYTES = 1_000_000  # larger HTML is sent as it comes, with the strict page policy


def policy_for(html: bytes) -> str:
    """The Content-Security-Policy for one HTML document: the page's, with its inline scripts allowed by hash (and
    inline styles, where it has inline scripts or style elements: the docs pages)."""
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
              for script in INLINE_SCRIPT.findall(html)]  # fmt: skip
    if not hashes and not INLINE_STYLE.search(html):
        return PAGE_POLICY
    scripts = " ".join(["'self'", *hashes])
    return (PAGE_POLICY.replace("script-src 'self'", f"script-src {scripts}")
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + "; worker-src 'self' blob:")


class SecurityHeaders:
    """ASGI middleware: every text/html response gets `policy_for` its body and OTHER_HEADERS."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        held: dict | None = None  # an HTML response's start, held until its body is known
        body = bytearray()

        async def send_with_headers(message):
            nonlocal held
            if message["type"] == "http.response.start":
                if dict(message.get("headers", [])).get(b"content-type", b"").startswith(b"text/html"):
                    held = message
                    return None
                return await send(message)
            if held is None or message["type"] != "http.response.body":
                return await send(message)
            body.extend(message.get("body", b""))
            more = message.get("more_body", False)
            if more and len(body) <= MAX_HTML_BYTES:
                return None
            await send(_with_headers(held, PAGE_POLICY if more else policy_for(bytes(body))))
            held = None  # the rest of an overlong body passes through
            await send({**message, "body": bytes(body)})
            return None

        await self.app(scope, receive, send_with_headers)


def _with_headers(start: dict, policy: str) -> dict:
    headers = [(k, v) for k, v in start.get("headers", []) if k.decode().title() not in
               {"Content-Security-Policy", *OTHER_HEADERS}]  # fmt: skip
    headers.append((b"content-security-policy", policy.encode()))
    headers += [(k.lower().encode(), v.encode()) for k, v in OTHER_HEADERS.items()]
    return {**start, "headers": headers}
