"""The rules engine's throughput on one core: every event through every rule of its log type,
exactly as a queue batch runs them (Engine.analyze in batch mode), without the AWS calls.

Input on stdin: {"rules": [...], "globals": [...], "dataModels": [...], "events": [{logType,
event}], "passes": N}. Output: {"events", "seconds", "matches", "errors"}.
"""

import json
import sys
import time

from panther_engine.data_model import DataModel
from panther_engine.engine import Engine


def main():
    doc = json.load(sys.stdin)
    engine = Engine(lambda: (doc["rules"], doc.get("globals") or [], doc.get("dataModels") or []), data_model_factory=DataModel)
    engine.refresh_if_due()
    # Events arrive as JSON lines; parsing them is part of the engine's work.
    lines = [(e["logType"], json.dumps(e["event"])) for e in doc["events"]]
    matches = errors = count = 0
    started = time.perf_counter()
    for _ in range(doc.get("passes", 1)):
        for log_type, line in lines:
            count += 1
            for _, result in engine.analyze(log_type, json.loads(line)):
                if result.is_error:
                    errors += 1
                else:
                    matches += 1
    seconds = time.perf_counter() - started
    json.dump({"events": count, "seconds": seconds, "matches": matches, "errors": errors}, sys.stdout)


if __name__ == "__main__":
    main()
