"""The few AWS calls the rules engine makes (S3, DynamoDB, SNS, Lambda), signed with
Signature Version 4 over the standard library.

The engine must run users' rules with nothing but the standard library (no package can be
installed where it is built and tested), so it carries its own small client instead of boto3.
Credentials, region and endpoints come from the environment the Lambda runtime sets:
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, and the
AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> overrides that point it at an emulator.
"""

import datetime
import hashlib
import hmac
import json
import os
import random
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

# Throttling and server errors are retried this many times, as Panther's functions retry.
MAX_ATTEMPTS = 10
# Throttled requests were not applied: any request may be sent again. Server errors may have
# been applied, so only idempotent requests are.
THROTTLING_CODES = {"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
                    "Throttling", "TooManyRequestsException", "SlowDown"}
SERVER_ERROR_STATUS = {500, 502, 503, 504}
UNRESERVED = "-_.~"

# When the invocation must be done (monotonic seconds), so retries stop in time; set per
# invocation by the handler.
_deadline = None


def set_deadline(deadline):
    global _deadline  # noqa: PLW0603 - one invocation at a time per process
    _deadline = deadline


def _time_left():
    return None if _deadline is None else _deadline - time.monotonic()


class AWSError(Exception):
    """An AWS API error: the HTTP status, the error code and AWS's message."""

    def __init__(self, status, code, message):
        super().__init__(f"{code}: {message}" if message else code)
        self.status = status
        self.code = code
        self.message = message


class Credentials:
    def __init__(self, access_key, secret_key, token=None):
        self.access_key = access_key
        self.secret_key = secret_key
        self.token = token

    @classmethod
    def from_environment(cls):
        access_key = os.environ.get("AWS_ACCESS_KEY_ID")
        secret_key = os.environ.get("AWS_SECRET_ACCESS_KEY")
        if not access_key or not secret_key:
            raise AWSError(0, "NoCredentials", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        return cls(access_key, secret_key, os.environ.get("AWS_SESSION_TOKEN") or None)


def _hmac(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def quote(value, safe=UNRESERVED):
    return urllib.parse.quote(value, safe=safe)


def sign(method, url, headers, body, credentials, region, service, now):
    """Add the SigV4 Authorization (and date, token) headers to headers for a request of body
    (bytes) to url. S3 paths are encoded once in the canonical request, other services' twice,
    as SigV4 specifies."""
    parsed = urllib.parse.urlsplit(url)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    payload_hash = hashlib.sha256(body).hexdigest()
    headers["Host"] = parsed.netloc
    headers["X-Amz-Date"] = amz_date
    if service == "s3":
        headers["X-Amz-Content-Sha256"] = payload_hash
    if credentials.token:
        headers["X-Amz-Security-Token"] = credentials.token
    path = parsed.path or "/"
    canonical_uri = path if service == "s3" else quote(path, safe="/" + UNRESERVED)
    query = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)
    canonical_query = "&".join(f"{quote(k)}={quote(v)}" for k, v in sorted(query))
    lowered = {k.lower(): " ".join(str(v).split()) for k, v in headers.items()}
    signed_names = sorted(lowered)
    canonical_headers = "".join(f"{name}:{lowered[name]}\n" for name in signed_names)
    signed_headers = ";".join(signed_names)
    canonical_request = "\n".join([method, canonical_uri, canonical_query, canonical_headers, signed_headers, payload_hash])
    scope = f"{date}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])
    key = _hmac(("AWS4" + credentials.secret_key).encode("utf-8"), date)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    headers["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={credentials.access_key}/{scope}, "
                                f"SignedHeaders={signed_headers}, Signature={signature}")
    return headers


class Client:
    """One AWS service in one region."""

    def __init__(self, service, region=None, endpoint=None, credentials=None, timeout=60):
        self.service = service
        self.region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        override = endpoint or os.environ.get("AWS_ENDPOINT_URL_" + service.upper()) or os.environ.get("AWS_ENDPOINT_URL")
        # An emulator serves every bucket under its one host: S3 addressing is path-style there.
        self.path_style = bool(override)
        self.endpoint = (override or self._default_endpoint()).rstrip("/")
        self.credentials = credentials
        self.timeout = timeout

    def _default_endpoint(self):
        suffix = "amazonaws.com.cn" if self.region.startswith("cn-") else "amazonaws.com"
        return f"https://{self.service}.{self.region}.{suffix}"

    def request(self, method, path, body=b"", headers=None, query=None, host_prefix=None, idempotent=True):
        """Send a signed request and return (status, headers, body); AWS errors raise AWSError
        after the retryable ones were retried with jittered backoff, within the invocation's
        deadline. A request that is not idempotent (an UpdateItem that ADDs) is not sent again
        after a network error, when it may have been applied already."""
        base = self.endpoint
        if host_prefix:
            scheme, netloc = base.split("://", 1)
            base = f"{scheme}://{host_prefix}.{netloc}"
        url = base + path
        if query:
            url += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote, safe=UNRESERVED)
        for attempt in range(MAX_ATTEMPTS):
            credentials = self.credentials or Credentials.from_environment()
            signed = sign(method, url, dict(headers or {}), body, credentials, self.region, self.service,
                          datetime.datetime.now(datetime.timezone.utc))
            signed.pop("Host", None)
            req = urllib.request.Request(url, data=body if method != "GET" else None, method=method, headers=signed)
            left = _time_left()
            timeout = self.timeout if left is None else max(1.0, min(self.timeout, left))
            try:
                with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - AWS endpoints
                    return resp.status, dict(resp.headers), resp.read()
            except urllib.error.HTTPError as exc:
                data = exc.read()
                error = self._error(exc.code, data, exc.headers)
                throttled = exc.code == 429 or error.code in THROTTLING_CODES
                if (throttled or (idempotent and exc.code in SERVER_ERROR_STATUS)) and self._may_retry(attempt):
                    continue
                raise error from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                if idempotent and self._may_retry(attempt):
                    continue
                raise AWSError(0, "RequestError", f"{self.service}: {exc}") from exc
        raise AWSError(0, "RequestError", f"{self.service}: no attempt left")

    @staticmethod
    def _may_retry(attempt):
        """Back off before another attempt, if one is left and there is time for it."""
        if attempt + 1 >= MAX_ATTEMPTS:
            return False
        delay = _backoff_delay(attempt)
        left = _time_left()
        if left is not None and left < delay + 1:
            return False
        time.sleep(delay)
        return True

    @staticmethod
    def _error(status, data, headers):
        """The error code and message from a JSON (DynamoDB, Lambda) or XML (S3, SNS) body."""
        code = (headers.get("x-amzn-ErrorType") or "").split(":")[0]
        message = ""
        text = data.decode("utf-8", "replace")
        try:
            doc = json.loads(text)
            code = code or str(doc.get("__type") or doc.get("code") or "").rsplit("#", 1)[-1]
            message = doc.get("message") or doc.get("Message") or ""
        except ValueError:
            try:
                root = ET.fromstring(text)
                for el in root.iter():
                    tag = el.tag.rsplit("}", 1)[-1]
                    if tag == "Code" and not code:
                        code = el.text or ""
                    elif tag == "Message" and not message:
                        message = el.text or ""
            except ET.ParseError:
                message = text[:200]
        return AWSError(status, code or f"HTTP{status}", message)


def _backoff_delay(attempt):
    return min(20.0, 0.05 * (2 ** attempt)) * random.random()  # noqa: S311 - jitter, not crypto


class S3:
    def __init__(self, client=None):
        self.client = client or Client("s3")

    def _path(self, bucket, key):
        encoded = quote(key, safe="/" + UNRESERVED)
        if self.client.path_style:
            return f"/{bucket}/{encoded}", None
        return f"/{encoded}", bucket

    def get_object(self, bucket, key):
        path, host = self._path(bucket, key)
        _, _, body = self.client.request("GET", path, host_prefix=host)
        return body

    def put_object(self, bucket, key, body, content_type="application/octet-stream"):
        path, host = self._path(bucket, key)
        self.client.request("PUT", path, body=body, host_prefix=host,
                            headers={"Content-Type": content_type, "Content-Length": str(len(body))})


class DynamoDB:
    """DynamoDB's JSON 1.0 protocol: operation(name, input) returns the decoded output."""

    def __init__(self, client=None):
        self.client = client or Client("dynamodb")

    # Operations that change an item by its current value: sent twice, they count twice.
    NOT_IDEMPOTENT = {"UpdateItem"}

    def call(self, operation, payload):
        body = json.dumps(payload).encode("utf-8")
        _, _, data = self.client.request("POST", "/", body=body, idempotent=operation not in self.NOT_IDEMPOTENT, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + operation})
        return json.loads(data or b"{}")


class SNS:
    def __init__(self, client=None):
        self.client = client or Client("sns")

    def publish(self, topic_arn, message, attributes=None):
        form = {"Action": "Publish", "Version": "2010-03-31", "TopicArn": topic_arn, "Message": message}
        for i, (name, value) in enumerate(sorted((attributes or {}).items()), start=1):
            form[f"MessageAttributes.entry.{i}.Name"] = name
            form[f"MessageAttributes.entry.{i}.Value.DataType"] = "String"
            form[f"MessageAttributes.entry.{i}.Value.StringValue"] = value
        body = urllib.parse.urlencode(form, quote_via=urllib.parse.quote, safe=UNRESERVED).encode("utf-8")
        self.client.request("POST", "/", body=body, headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})


class Lambda:
    def __init__(self, client=None):
        self.client = client or Client("lambda")

    def invoke(self, function_name, payload):
        """Invoke synchronously; returns the decoded answer, or raises AWSError with the
        function's errorType and errorMessage when it failed."""
        path = f"/2015-03-31/functions/{quote(function_name, safe=UNRESERVED)}/invocations"
        _, headers, data = self.client.request("POST", path, body=json.dumps(payload).encode("utf-8"),
                                               headers={"Content-Type": "application/json"})
        answer = json.loads(data or b"null")
        function_error = {k.lower(): v for k, v in headers.items()}.get("x-amz-function-error")
        if function_error:
            if isinstance(answer, dict):
                raise AWSError(200, answer.get("errorType") or function_error, answer.get("errorMessage") or "")
            raise AWSError(200, function_error, str(answer))
        return answer
