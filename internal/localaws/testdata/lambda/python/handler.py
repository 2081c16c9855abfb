"""A test function for the python3.x runtime: what it does depends on the event."""

import os
import time

import greeting  # from the layer


def handle(event, context):
    action = event.get("action")
    if action == "fail":
        raise ValueError("failed on purpose: " + event.get("value", ""))
    if action == "sleep":
        time.sleep(event.get("millis", 0) / 1000)
    print("python saw", event.get("value"))
    return {
        "action": action,
        "value": event.get("value"),
        "greeting": greeting.hello(event.get("value", "")),
        "requestId": context.aws_request_id,
        "remainingMs": context.get_remaining_time_in_millis(),
        "function": context.function_name,
        "env": os.environ.get("GREETING", ""),
        "pid": os.getpid(),
    }
