state = {"cursor": None, "done": False}


def iter_items(fetch_page):
    while not state["done"]:
        page = fetch_page(state["cursor"])
        yield from page["items"]
        state["cursor"] = page["next"]
        if state["cursor"] is None:
            state["done"] = True
