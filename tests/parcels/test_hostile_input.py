"""Parcels under hostile input: the API document clients generate requests from, and the
answers to values past the schemas' bounds."""


def _bounds(node, where="#"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("minimum", "maximum"):
                yield where, key, value
            else:
                yield from _bounds(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _bounds(value, f"{where}/{i}")


def test_document_writes_numeric_bounds_as_numbers(client):
    # a parcel item's quantity is a decimal: its bounds were written "0.000", which no
    # OpenAPI client reads (request generators refused the parcel-type operations)
    document = client.get("/api/v1/openapi.json").get_json()
    item = document["components"]["schemas"]["ParcelItemLoad"]["properties"]["quantity"]
    assert item["minimum"] == 0 and item["maximum"] == 10_000
    wrong = [b for b in _bounds(document) if not isinstance(b[2], int | float)]
    assert wrong == []
