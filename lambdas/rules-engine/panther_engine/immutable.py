"""Read-only views of an event's nested values: rules must not change the events they read."""

from collections.abc import Mapping, Sequence
import copy
import json


def _wrap(value):
    if isinstance(value, ImmutableDict | ImmutableList):
        return value
    if isinstance(value, Mapping):
        return ImmutableDict(value)
    if isinstance(value, (list, tuple)):
        return ImmutableList(value)
    return value


class ImmutableDict(Mapping):
    """A read-only mapping: missing keys raise KeyError, nested values are read-only too."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, key):
        return _wrap(self._data[key])

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __repr__(self):
        return repr(self._data)

    def __eq__(self, other):
        if isinstance(other, ImmutableDict):
            return self._data == other._data
        return self._data == other

    def __hash__(self):
        return hash(json.dumps(self._data, sort_keys=True, default=str))

    def to_dict(self):
        """A mutable deep copy."""
        return copy.deepcopy(self._data)

    def copy(self):
        return self.to_dict()


class ImmutableList(Sequence):
    """A read-only list (tuple-backed) that equals an equivalent list."""

    def __init__(self, data):
        self._data = tuple(data)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ImmutableList(self._data[index])
        return _wrap(self._data[index])

    def __len__(self):
        return len(self._data)

    def __repr__(self):
        return repr(list(self._data))

    def __eq__(self, other):
        if isinstance(other, ImmutableList):
            return self._data == other._data
        if isinstance(other, (list, tuple)):
            return self._data == tuple(other)
        return False

    def __hash__(self):
        return hash(self._data)

    def copy(self):
        return copy.deepcopy(list(self._data))
