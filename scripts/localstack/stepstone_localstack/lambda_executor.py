"""A Lambda runtime executor for LocalStack that runs Node.js functions as local processes.

LocalStack's open-source edition runs Lambda functions in Docker containers only. It chooses the
runtime executor by name among the entry points of `localstack.lambda.runtime_executor`
(`LAMBDA_RUNTIME_EXECUTOR=stepstone-local` selects this one). An execution environment here is one
Node.js process (`node scripts/localstack/lambda-runtime.mjs`, with the Node.js of
`STEPSTONE_LAMBDA_NODE`, else `node` on PATH) in the function's unzipped code folder, speaking the
protocol LocalStack's runtime init speaks in a container:

- LocalStack starts the environment with its environment variables (`_HANDLER`, credentials,
  `AWS_ENDPOINT_URL`, `LOCALSTACK_RUNTIME_ENDPOINT`, `LOCALSTACK_RUNTIME_ID`, ...); the process loads
  the handler and posts `<runtime endpoint>/status/<runtime id>/ready` (or `.../error`);
- LocalStack posts each invocation (`invoke-id`, `invoked-function-arn`, `payload`, `trace-id`) to
  the process's `/invoke` on a loopback port; the process answers 202 at once, runs the handler,
  then posts the invocation's log lines to `<runtime endpoint>/invocations/<id>/logs` and the
  result to `.../response`, or `{errorType, errorMessage, stackTrace}` to `.../error`.

Only Node.js runtimes (`nodejs*`) are run: any other fails to start with a message saying so.
"""

import logging
import os
import shutil
import subprocess
import threading

from localstack import config
from localstack.services.lambda_.invocation.executor_endpoint import ExecutorEndpoint
from localstack.services.lambda_.invocation.lambda_models import FunctionVersion
from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin
from localstack.services.lambda_.invocation.runtime_executor import (
    LambdaRuntimeException,
    RuntimeExecutor,
)
from localstack.utils.net import get_free_tcp_port

LOG = logging.getLogger(__name__)

# scripts/localstack/lambda-runtime.mjs, beside this package's folder.
RUNTIME_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lambda-runtime.mjs")

# What the process inherits from LocalStack's own environment; everything else comes from the
# function's configuration, as in a container.
INHERITED = ("PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT")

# The log lines kept per environment for get_logs().
MAX_LOG_CHARS = 200_000


def node_binary() -> str | None:
    configured = os.environ.get("STEPSTONE_LAMBDA_NODE", "")
    return configured or shutil.which("node")


class LocalNodeRuntimeExecutor(RuntimeExecutor):
    """One execution environment: a Node.js process on a loopback port (see the module docstring)."""

    def __init__(self, id: str, function_version: FunctionVersion) -> None:
        super().__init__(id=id, function_version=function_version)
        self.port = get_free_tcp_port()
        self.executor_endpoint = ExecutorEndpoint(id, container_address="127.0.0.1", container_port=self.port)
        self.process: subprocess.Popen | None = None
        self.logs = ""
        self.logs_lock = threading.Lock()

    def start(self, env_vars: dict[str, str]) -> None:
        node = node_binary()
        if node is None:
            raise LambdaRuntimeException("Node.js was not found: set STEPSTONE_LAMBDA_NODE or put node on PATH")
        code = str(self.function_version.config.code.get_unzipped_code_location())
        env = {name: os.environ[name] for name in INHERITED if name in os.environ}
        env.update({name: str(value) for name, value in env_vars.items()})
        env.update({"LAMBDA_TASK_ROOT": code, "STEPSTONE_INVOKE_PORT": str(self.port)})
        self.executor_endpoint.start()
        LOG.debug("Starting %s for %s on port %s", node, self.function_version.qualified_arn, self.port)
        self.process = subprocess.Popen(
            [node, RUNTIME_SCRIPT],
            cwd=code,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # In LocalStack's process group: `localstack:stop` ends them with it.
        )
        threading.Thread(target=self._collect_output, daemon=True).start()
        threading.Thread(target=self._watch_exit, daemon=True).start()
        self.executor_endpoint.wait_for_startup()

    def _collect_output(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            text = line.decode("utf-8", errors="replace")
            with self.logs_lock:
                self.logs = (self.logs + text)[-MAX_LOG_CHARS:]

    def _watch_exit(self) -> None:
        """A process that ends before it is ready fails the start, rather than leaving it waiting."""
        assert self.process is not None
        code = self.process.wait()
        future = self.executor_endpoint.startup_future
        if future is not None and not future.done():
            future.set_exception(
                LambdaRuntimeException(f"the Node.js process exited with {code} before it was ready: {self.get_logs()}")
            )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        try:
            self.executor_endpoint.shutdown()
        except Exception as error:  # the environment may never have started
            LOG.debug("Error while stopping the executor endpoint of %s: %s", self.id, error)

    def get_address(self) -> str:
        return "127.0.0.1"

    def get_endpoint_from_executor(self) -> str:
        return "127.0.0.1"

    def get_runtime_endpoint(self) -> str:
        port = config.GATEWAY_LISTEN[0].port
        return f"http://127.0.0.1:{port}{self.executor_endpoint.get_endpoint_prefix()}"

    def invoke(self, payload: dict[str, str]):
        return self.executor_endpoint.invoke(payload)

    def get_logs(self) -> str:
        with self.logs_lock:
            return self.logs

    @classmethod
    def prepare_version(cls, function_version: FunctionVersion) -> None:
        runtime = function_version.config.runtime or ""
        if not runtime.startswith("nodejs"):
            raise LambdaRuntimeException(
                f"{function_version.qualified_arn}: runtime '{runtime or 'container image'}' cannot run here: "
                "the stepstone-local executor runs Node.js functions only"
            )
        if function_version.config.code:
            function_version.config.code.prepare_for_execution()

    @classmethod
    def cleanup_version(cls, function_version: FunctionVersion) -> None:
        pass

    @classmethod
    def validate_environment(cls) -> bool:
        if node_binary() is None:
            LOG.warning("Node.js was not found: set STEPSTONE_LAMBDA_NODE or put node on PATH")
            return False
        return True


class LocalNodeRuntimeExecutorPlugin(RuntimeExecutorPlugin):
    name = "stepstone-local"

    def load(self, *args, **kwargs):
        return LocalNodeRuntimeExecutor
