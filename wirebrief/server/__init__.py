"""HTTP API and web page for wirebrief (needs the `serve` extra: fastapi, uvicorn)."""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
