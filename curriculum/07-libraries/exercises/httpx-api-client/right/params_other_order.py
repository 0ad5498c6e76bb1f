import httpx

BASE_URL = "https://api.shop.test"


def _get(client, path, params=None):
    response = client.get(path, params=params)
    if response.status_code >= 400 and response.status_code != 404:
        response.raise_for_status()
    return response


def fetch_user(user_id, transport=None):
    with httpx.Client(
        base_url=BASE_URL + "/", transport=transport, timeout=3, headers={"ACCEPT": "application/json"}
    ) as client:
        response = _get(client, f"users/{user_id}")
        if response.status_code == 404:
            return None
        return response.json()


def list_orders(customer, transport=None):
    with httpx.Client(
        base_url=BASE_URL, transport=transport, timeout=3, headers={"Accept": "application/json"}
    ) as client:
        pages = []
        page = 1
        while True:
            response = client.get("/orders", params=[("page", str(page)), ("customer", customer)])
            response.raise_for_status()
            body = response.json()
            pages.append(body["items"])
            if body["next_page"] is None:
                break
            page = body["next_page"]
    return [order for items in pages for order in items]
