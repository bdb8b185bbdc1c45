"""Serves moto's AWS emulator (DynamoDB, SQS, Lambda, IAM, ...) for the integration suite, with
every DynamoDB request serialised, and transactions whose cost does not grow with the table.

moto's DynamoDB backend takes no locks: two threads of its server can both pass the condition of a
conditional put on the same key and both write, which DynamoDB never allows. The port contract tests
check exactly that atomicity, so this launcher serves moto's own WSGI application (the one
`moto_server` serves) behind a middleware that holds one lock for the whole of each DynamoDB request
(DynamoDB and DynamoDB Streams, told apart by their `X-Amz-Target` header) and of each call to
moto's own API (`/moto-api/...`, e.g. a reset). Every other request runs on its own thread as in
`moto_server`, so an SQS `ReceiveMessage` long poll never waits for DynamoDB, nor DynamoDB for it.

moto's `TransactWriteItems` deep-copies every table it touches, once per item, so that it can put
the copy back if the transaction fails: with a few thousand items in the table a two-item
transaction takes a second, which DynamoDB's never does. `cheap_transaction_snapshots()`
(moto_transactions.py, shared with LocalStack's DynamoDB provider in scripts/localstack/) keeps that
design but makes each copy share the items the transaction does not touch.

Usage: python moto_server.py [--host 127.0.0.1] [--port 5000]
(run with the Python of the venv scripts/emulators/install.sh builds; docs/emulators.md).
"""

import argparse
import os
import signal
import sys
import threading
from typing import Any, Callable, Iterable

import moto
from moto.core.config import default_user_config
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple

from moto_transactions import cheap_transaction_snapshots

WsgiApp = Callable[[dict, Callable[..., Any]], Iterable[bytes]]


def serialised(app: WsgiApp) -> WsgiApp:
    """`app`, with one lock held around each DynamoDB request and each moto API call, from the start
    of the request until its whole response body has been produced."""
    lock = threading.Lock()

    def needs_lock(environ: dict) -> bool:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        return target.startswith("DynamoDB") or environ.get("PATH_INFO", "").startswith("/moto-api")

    def serve(environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not needs_lock(environ):
            return app(environ, start_response)
        with lock:
            response = app(environ, start_response)
            try:
                # The body is produced lazily by some WSGI apps: produce it under the lock too.
                return [b"".join(response)]
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()

    return serve


class QuietRequestHandler(MotoRequestHandler):
    """moto's request handler without werkzeug's line per request: at the suite's request rate,
    writing those lines cost the server about a tenth of its time (errors are still logged)."""

    def log_request(self, code: "int | str" = "-", size: "int | str" = "-") -> None:
        if str(code).startswith("5"):
            super().log_request(code, size)


def exit_now(*_: Any) -> None:
    """Flushes the log and ends the process without waiting for threads or finalisers."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to serve (default 5000)")
    args = parser.parse_args()

    # No Docker here: Lambda's Invoke returns the payload (or a queued response) instead of
    # running the function's code (https://docs.getmoto.org/en/latest/docs/services/lambda.html).
    default_user_config["lambda"]["use_docker"] = False
    cheap_transaction_snapshots()

    # SIGTERM (emulators:stop) or Ctrl-C ends the process at once: its state is in memory only, and
    # a normal interpreter exit can take longer than the stop's grace period while requests are
    # still in flight or large tables are freed.
    signal.signal(signal.SIGTERM, exit_now)
    signal.signal(signal.SIGINT, exit_now)

    print(
        f"moto {moto.__version__} on http://{args.host}:{args.port}, DynamoDB requests serialised",
        flush=True,
    )
    run_simple(
        args.host,
        args.port,
        serialised(DomainDispatcherApplication(create_backend_app)),
        threaded=True,
        request_handler=QuietRequestHandler,
    )


if __name__ == "__main__":
    main()
