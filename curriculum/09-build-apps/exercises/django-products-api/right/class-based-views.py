import itertools
import json
import math

import django
from django.conf import settings

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

from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views import View  # noqa: E402

catalogue = []
new_id = itertools.count(1)


class BadRequest(Exception):
    pass


def problem(status, text):
    return JsonResponse({"error": text}, status=status)


def positive_number(value):
    if type(value) not in (int, float) or (type(value) is float and not math.isfinite(value)) or value <= 0:
        raise BadRequest("price must be a positive number")
    return value


def read_product(body):
    try:
        data = json.loads(body)
    except ValueError:
        raise BadRequest("invalid JSON") from None
    if type(data) is not dict:
        raise BadRequest("expected a JSON object")
    name = data.get("name")
    if type(name) is not str or name.strip() == "":
        raise BadRequest("name is required")
    return name.strip(), positive_number(data.get("price"))


class ProductCollection(View):
    http_method_names = ["get", "post"]

    def get(self, request):
        chosen = catalogue
        if "max_price" in request.GET:
            try:
                ceiling = float(request.GET["max_price"])
            except ValueError:
                return problem(400, "max_price is not a number")
            if math.isnan(ceiling) or math.isinf(ceiling):
                return problem(400, "max_price is not finite")
            chosen = [p for p in catalogue if not p["price"] > ceiling]
        return JsonResponse(chosen, safe=False)

    def post(self, request):
        try:
            name, price = read_product(request.body)
        except BadRequest as reason:
            return problem(400, str(reason))
        if name.lower() in {p["name"].lower() for p in catalogue}:
            return problem(409, "name already used")
        product = {"id": next(new_id), "name": name, "price": price}
        catalogue.append(product)
        return JsonResponse(product, status=201)


class ProductItem(View):
    http_method_names = ["get"]

    def get(self, request, product_id):
        for product in catalogue:
            if product["id"] == product_id:
                return JsonResponse(product)
        return problem(404, "product not found")


urlpatterns = [
    path("products", ProductCollection.as_view()),
    path("products/<int:product_id>", ProductItem.as_view()),
]
