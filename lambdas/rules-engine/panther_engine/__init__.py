"""Panther's rules engine: runs users' Python detections over normalized events.

The one part of Panther not written in Go, because users' rules are Python and must run
unchanged. It needs nothing but the standard library.
"""
