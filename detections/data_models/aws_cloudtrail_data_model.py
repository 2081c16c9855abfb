"""Unified names for AWS CloudTrail events (see aws_cloudtrail_data_model.yml)."""

from panther_base_helpers import aws_actor


def get_actor_user(event):
    return aws_actor(event)
