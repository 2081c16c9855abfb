"""A module a layer provides."""


def hello(name):
    return "hello, " + name
