from urllib.parse import quote, urlencode

import httpx

BASE_URL = "https://api.shop.test"
HEADERS = {"accept": "application/json"}


def fetch_user(user_id, transport=None):
    client = httpx.Client(transport=transport, timeout=httpx.Timeout(3))
    try:
        response = client.get(BASE_URL + "/users/" + str(user_id), headers=HEADERS)
    finally:
        client.close()
    if response.status_code == 404:
        return None
    if response.is_error:
        response.raise_for_status()
    return response.json()


def list_orders(customer, transport=None):
    result = []
    next_page = 1
    client = httpx.Client(transport=transport, timeout=httpx.Timeout(3))
    try:
        while next_page is not None:
            query = urlencode({"page": next_page, "customer": customer}, quote_via=quote)
            response = client.get(f"{BASE_URL}/orders?{query}", headers=HEADERS)
            response.raise_for_status()
            data = response.json()
            for item in data["items"]:
                result.append(item)
            next_page = data["next_page"]
    finally:
        client.close()
    return result
