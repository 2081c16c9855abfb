"""The event a rule receives."""

from .immutable import ImmutableDict


class PantherEvent(ImmutableDict):
    """A normalized event as rules see it: read-only, KeyError on a missing key, `.get`, and
    `udm(name)` through the log type's data model (None when the model maps nothing)."""

    def __init__(self, data, data_model=None):
        super().__init__(data)
        self._data_model = data_model

    def udm(self, name):
        if self._data_model is None:
            return None
        return self._data_model.resolve(name, self)
