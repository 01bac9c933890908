"""URL converters with bounds, so that no id in a URL can overflow a database integer."""

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# PostgreSQL's INTEGER; SQLite's are wider. An id outside this range cannot exist, so it is a 404.
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` from 1 to MAX_ID; anything else does not match the route."""

    def __init__(
        self, map: Map, fixed_digits: int = 0, min: int = 1, max: int | None = MAX_ID, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Replace the `int` converter before any blueprint adds a route."""
    app.url_map.converters["int"] = BoundedIntConverter
