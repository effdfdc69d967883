"""The operator's web paths at the server's root (the contract's health check and Prometheus
metrics), named once: the server serves them and the container's health check asks for one.
They are web addresses, not chat commands."""

HEALTH = "healthz"
METRICS = "metrics"


def at_root(name: str) -> str:
    """The path of one of them on the server."""
    return f"/{name}"
