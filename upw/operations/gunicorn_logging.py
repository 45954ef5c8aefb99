"""gunicorn's access log as JSON lines, each with the response's request id.

The path is logged without its query string (searches carry names) and with case reference numbers
replaced by `{crn}`, and the client's address is
left out: the log of reads of personal data records who read what, from where.
"""

from gunicorn.glogging import Logger

from upw.operations.logging import without_crns


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info(
            "access",
            extra={
                "request_id": atoms.get("{x-request-id}o") or None,
                "user_id": None,
                "method": atoms.get("m"),
                "path": without_crns(atoms.get("U")),
                "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
                "bytes": atoms.get("B"),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
            },
        )
