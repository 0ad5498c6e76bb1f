import httpx

BASE_URL = "https://api.shop.test"


def fetch_user(user_id, transport=None):
    with httpx.Client(base_url=BASE_URL, transport=transport, timeout=3.0,
                      headers={"Accept": "application/json"}) as client:
        response = client.get(f"/users/{user_id}")
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.json()


def list_orders(customer, transport=None):
    orders = []
    page = 1
    with httpx.Client(base_url=BASE_URL, transport=transport,
                      headers={"Accept": "application/json"}) as client:
        while page is not None:
            response = client.get("/orders", params={"customer": customer, "page": page})
            response.raise_for_status()
            body = response.json()
            orders.extend(body["items"])
            page = body["next_page"]
    return orders
