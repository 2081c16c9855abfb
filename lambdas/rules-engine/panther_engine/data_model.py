"""Data models: unified names that rules read with event.udm(name), mapped onto one log type's
fields by a JSONPath or by a method of the model's Python body.

The JSONPath here is the small subset data models use, written for this engine (the standard
library has none): `$` the event, `.name` or `['name']` a key (quotes allow dots and spaces),
`[N]` a list index (negative from the end), `[*]` or `.*` every item or value, and `..name`
the key at any depth. A path without the leading `$` starts at the event.
"""

from collections.abc import Mapping, Sequence

from .rule import load_module


class DataModelError(Exception):
    """A data model that cannot be loaded, or a mapping that cannot give one value."""


class JSONPathError(DataModelError):
    """A JSONPath outside the supported subset, with the position of the problem."""


_NAME_STOP = set(".[]'\"* \t")


def _is_list(value):
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray))


def _children(value):
    if isinstance(value, Mapping):
        return list(value.values())
    if _is_list(value):
        return list(value)
    return []


def _descendants(value):
    """The value and everything inside it, depth first."""
    out = [value]
    for child in _children(value):
        out.extend(_descendants(child))
    return out


class JSONPath:
    """A compiled JSONPath; find(data) lists every value it selects."""

    def __init__(self, expression):
        self.expression = expression
        text = expression.strip()
        if not text.startswith("$"):
            text = "$." + text
        self._text = text
        self._pos = 1
        self.steps = []
        while self._pos < len(text):
            self.steps.append(self._step())

    def _error(self, message):
        return JSONPathError(f"JSONPath {self.expression!r}: {message} at character {self._pos + 1} of {self._text!r}")

    def _step(self):
        text = self._text
        if text.startswith("..", self._pos):
            self._pos += 2
            if self._pos < len(text) and text[self._pos] == "[":
                inner = self._bracket()
            else:
                inner = self._dotted()
            return ("descend", inner)
        if text[self._pos] == ".":
            self._pos += 1
            return self._dotted()
        if text[self._pos] == "[":
            return self._bracket()
        raise self._error("expected '.' or '['")

    def _dotted(self):
        text = self._text
        if self._pos < len(text) and text[self._pos] == "*":
            self._pos += 1
            return ("wildcard",)
        start = self._pos
        while self._pos < len(text) and text[self._pos] not in _NAME_STOP:
            self._pos += 1
        if self._pos == start:
            raise self._error("expected a key name")
        return ("key", text[start:self._pos])

    def _bracket(self):
        text = self._text
        self._pos += 1  # past "["
        end = text.find("]", self._pos)
        if end < 0:
            raise self._error("unclosed '['")
        if text[self._pos] in "'\"":
            return self._quoted()
        inner = text[self._pos:end].strip()
        self._pos = end + 1
        if inner == "*":
            return ("wildcard",)
        try:
            return ("index", int(inner))
        except ValueError:
            raise self._error(f"[{inner}] is neither a quoted key, an index nor *") from None

    def _quoted(self):
        text = self._text
        quote = text[self._pos]
        self._pos += 1
        key = []
        while self._pos < len(text) and text[self._pos] != quote:
            if text[self._pos] == "\\" and self._pos + 1 < len(text):
                self._pos += 1
            key.append(text[self._pos])
            self._pos += 1
        if self._pos >= len(text):
            raise self._error("unclosed quote")
        self._pos += 1
        if self._pos >= len(text) or text[self._pos] != "]":
            raise self._error("expected ']' after the quoted key")
        self._pos += 1
        return ("key", "".join(key))

    def find(self, data):
        matches = [data]
        for step in self.steps:
            matches = [found for value in matches for found in _apply(step, value)]
        return matches


def _apply(step, value):
    kind = step[0]
    if kind == "key":
        if isinstance(value, Mapping) and step[1] in value:
            return [value[step[1]]]
        return []
    if kind == "index":
        if _is_list(value) and -len(value) <= step[1] < len(value):
            return [value[step[1]]]
        return []
    if kind == "wildcard":
        return _children(value)
    # descend: the inner step applied at every depth
    return [found for node in _descendants(value) for found in _apply(step[1], node)]


class DataModel:
    """A data model as the analysis API stores it: log types, mappings and an optional body.
    A model that cannot load keeps its setup_error, and udm() through it raises."""

    def __init__(self, config):
        self.id = config["id"]
        self.log_types = list(config.get("logTypes") or [])
        self.body = config.get("body") or ""
        self.enabled = config.get("enabled", True)
        self.module = None
        self.paths = {}
        self.methods = {}
        self.setup_error = None
        try:
            self._load(config.get("mappings") or [])
        except Exception as exc:  # noqa: BLE001 - any failure to load is the model's setup error
            self.setup_error = exc

    def _load(self, mappings):
        if self.body:
            self.module = load_module(self.id, self.body)
        for mapping in mappings:
            name, path, method = mapping.get("name"), mapping.get("path"), mapping.get("method")
            if not name:
                raise DataModelError(f"data model {self.id}: a mapping has no name")
            if name in self.paths or name in self.methods:
                raise DataModelError(f"data model {self.id}: {name!r} is mapped twice")
            if bool(path) == bool(method):
                raise DataModelError(f"data model {self.id}: mapping {name!r} needs exactly one of path and method")
            if path:
                self.paths[name] = JSONPath(path)
                continue
            function = getattr(self.module, method, None) if self.module else None
            if not callable(function):
                raise DataModelError(f"data model {self.id}: mapping {name!r} names method {method}(), which its body does not define")
            self.methods[name] = function

    def resolve(self, name, event):
        """The event's value for a unified name: None when nothing maps it or the path selects
        nothing; an error when a path selects several values."""
        if self.setup_error is not None:
            raise DataModelError(f"data model {self.id} did not load: {self.setup_error}")
        if name in self.methods:
            return self.methods[name](event)
        path = self.paths.get(name)
        if path is None:
            return None
        matches = path.find(event)
        if len(matches) > 1:
            raise DataModelError(f"data model {self.id}: udm({name!r}) path {path.expression} selects {len(matches)} values, expected one")
        return matches[0] if matches else None
