"""The package version, in one place below everything that shows it (the CLI, the API, the package)."""

__version__ = "0.1.0"
