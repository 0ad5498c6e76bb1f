import json
import math

import django
from django.conf import settings

# A one-file Django project: the settings live here and this module is the URLconf.
if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="only-for-this-exercise",
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["testserver", "localhost"],
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )
    django.setup()

from django.http import HttpResponseNotAllowed, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

products = {}  # id -> product dict


def error(message, status):
    return JsonResponse({"error": message}, status=status)


def is_number(value):
    """A JSON number: not a bool (bool is an int subclass), and finite (json.loads accepts NaN)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def product_list(request):
    """GET: list products (optional ?max_price=). POST: create a product."""
    if request.method == "GET":
        items = sorted(products.values(), key=lambda p: p["id"])
        raw = request.GET.get("max_price")
        if raw is not None:
            try:
                limit = float(raw)
            except ValueError:
                return error("max_price must be a number", 400)
            if not math.isfinite(limit):
                return error("max_price must be a finite number", 400)
            items = [p for p in items if p["price"] <= limit]
        return JsonResponse(items, safe=False)
    if request.method == "POST":
        try:
            payload = json.loads(request.body)
        except ValueError:
            return error("the body must be JSON", 400)
        if not isinstance(payload, dict):
            return error("the body must be a JSON object", 400)
        name, price = payload.get("name"), payload.get("price")
        if not isinstance(name, str) or not name.strip():
            return error("name is required", 400)
        if not is_number(price) or price <= 0:
            return error("price must be a number greater than 0", 400)
        name = name.strip()
        if any(p["name"].casefold() == name.casefold() for p in products.values()):
            return error(f"a product named {name!r} already exists", 409)
        product_id = max(products, default=0) + 1
        product = {"id": product_id, "name": name, "price": price}
        products[product_id] = product
        return JsonResponse(product, status=201)
    return HttpResponseNotAllowed(["GET", "POST"])


def product_detail(request, product_id):
    """GET one product, or 404."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    product = products.get(product_id)
    if product is None:
        return error("product not found", 404)
    return JsonResponse(product)


urlpatterns = [
    path("products", product_list),
    path("products/<int:product_id>", product_detail),
]
