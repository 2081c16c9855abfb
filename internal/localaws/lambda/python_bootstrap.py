"""The python3.x runtime of localaws: it speaks the Lambda Runtime API as AWS documents it,
with the function's code (LAMBDA_TASK_ROOT) and its layers on sys.path through PYTHONPATH."""

import importlib
import json
import os
import sys
import time
import traceback
import urllib.request

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"


def call(method, path, body=None, headers=None):
    req = urllib.request.Request(API + path, data=body, method=method, headers=headers or {})
    return urllib.request.urlopen(req, timeout=None)


def error_body(exc, error_type=None):
    return json.dumps({
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": "",
        "stackTrace": traceback.format_list(traceback.extract_tb(exc.__traceback__)),
    }).encode()


class Context:
    """The context object Lambda passes to a Python handler."""

    def __init__(self, request_id, deadline_ms, arn):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def load_handler():
    spec = os.environ.get("_HANDLER", "")
    module_name, _, function_name = spec.rpartition(".")
    if not module_name:
        raise ValueError("Bad handler '%s': not enough values to unpack (expected 2, got 1)" % spec)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except Exception as exc:  # an import error of the user's code is an init error
        raise ImportError("Unable to import module '%s': %s" % (module_name, exc)) from exc
    handler = getattr(module, function_name, None)
    if handler is None:
        raise AttributeError("Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler


def main():
    try:
        handler = load_handler()
    except ImportError as exc:
        call("POST", "/init/error", error_body(exc, "Runtime.ImportModuleError"),
             {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)
    except Exception as exc:
        call("POST", "/init/error", error_body(exc, "Runtime.HandlerNotFound"),
             {"Lambda-Runtime-Function-Error-Type": "Runtime.HandlerNotFound"})
        sys.exit(1)
    while True:
        with call("GET", "/invocation/next") as resp:
            request_id = resp.headers["Lambda-Runtime-Aws-Request-Id"]
            deadline_ms = int(resp.headers["Lambda-Runtime-Deadline-Ms"])
            arn = resp.headers.get("Lambda-Runtime-Invoked-Function-Arn", "")
            event = json.loads(resp.read() or b"null")
        context = Context(request_id, deadline_ms, arn)
        try:
            body = json.dumps(handler(event, context)).encode()
        except Exception as exc:
            print("[ERROR] %s: %s" % (type(exc).__name__, exc), flush=True)
            call("POST", "/invocation/%s/error" % request_id, error_body(exc),
                 {"Lambda-Runtime-Function-Error-Type": "Unhandled"}).close()
            continue
        call("POST", "/invocation/%s/response" % request_id, body).close()


if __name__ == "__main__":
    main()
