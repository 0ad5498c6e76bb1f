import json

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


def product_list(request):
    """GET: list products (optional ?max_price=). POST: create a product."""
    return JsonResponse(list(products.values()), safe=False)


def product_detail(request, product_id):
    """GET one product, or 404."""
    return JsonResponse(products.get(product_id))


urlpatterns = [
    path("products", product_list),
    path("products/<int:product_id>", product_detail),
]
