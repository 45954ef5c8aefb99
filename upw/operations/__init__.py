"""Running the service: health and readiness probes, request ids, structured logs, metrics and error
reporting. Nothing here reads or writes people's records."""
