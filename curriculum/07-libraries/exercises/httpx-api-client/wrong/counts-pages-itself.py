import httpx

BASE_URL = "https://api.shop.test"


def _client(transport):
    return httpx.Client(base_url=BASE_URL, transport=transport, timeout=3.0,
                        headers={"Accept": "application/json"})


def fetch_user(user_id, transport=None):
    with _client(transport) as client:
        response = client.get(f"/users/{user_id}")
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.json()


def list_orders(customer, transport=None):
    orders = []
    page = 1
    with _client(transport) as client:
        while True:
            response = client.get("/orders", params={"customer": customer, "page": page})
            response.raise_for_status()
            body = response.json()
            orders.extend(body["items"])
            if body["next_page"] is None:
                break
            page += 1
    return orders
