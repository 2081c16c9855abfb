"""The engine's SigV4 signer against signatures aws-sdk-go-v2's v4 signer computed for the
same requests (a Lambda invocation, and an S3 GET with an encoded key and a query)."""

import datetime
import unittest

from panther_engine.aws import Credentials, sign

NOW = datetime.datetime(2026, 12, 1, 15, 4, 5, tzinfo=datetime.timezone.utc)
CREDENTIALS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "tok")


class SignatureV4(unittest.TestCase):
    def test_lambda_invoke(self):
        body = b'{"getRule":{"id":"A"}}'
        headers = sign("POST", "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/panther-analysis-api/invocations",
                       {"Content-Type": "application/json", "Content-Length": str(len(body))}, body, CREDENTIALS,
                       "us-east-1", "lambda", NOW)
        self.assertEqual(headers["Authorization"],
                         "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/lambda/aws4_request, "
                         "SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token, "
                         "Signature=75758d9671eec600296f14759ed439fc7c7cf9496c982642647e125b1a9f839d")
        self.assertEqual(headers["X-Amz-Security-Token"], "tok")

    def test_s3_get_encodes_the_path_once(self):
        headers = sign("GET", "https://b.s3.us-east-1.amazonaws.com/rules/x/year%3D2026/a%20b.json.gz?list-type=2&prefix=a%2Fb",
                       {}, b"", CREDENTIALS, "us-east-1", "s3", NOW)
        self.assertEqual(headers["Authorization"],
                         "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/s3/aws4_request, "
                         "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
                         "Signature=7f3ae8a3275eb0d7ffe7e3e98aea1a2c46a4021d1436af6a4e292d1c4f1cd33e")
        self.assertEqual(headers["X-Amz-Content-Sha256"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
