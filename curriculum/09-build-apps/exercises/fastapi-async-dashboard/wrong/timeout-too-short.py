import asyncio

from fastapi import FastAPI, HTTPException, WebSocket

app = FastAPI()

TRACE = []  # ("start" | "end", service, user_id), in the order things happened
PROFILES = {1: {"name": "Ada"}, 2: {"name": "Linus"}, 3: {"name": "Grace"}}
ORDERS = {1: [{"id": 10, "total": 25.0}, {"id": 11, "total": 12.5}], 3: [{"id": 12, "total": 9.99}]}
SLOW_USERS = {3}
PRICES = {"ACME": 12.5, "GLOBEX": 101.0}


async def fetch_profile(user_id):
    TRACE.append(("start", "profile", user_id))
    await asyncio.sleep(0.02)
    TRACE.append(("end", "profile", user_id))
    return PROFILES.get(user_id)


async def fetch_orders(user_id):
    TRACE.append(("start", "orders", user_id))
    await asyncio.sleep(0.02)
    TRACE.append(("end", "orders", user_id))
    return ORDERS.get(user_id, [])


async def fetch_recommendations(user_id):
    TRACE.append(("start", "recommendations", user_id))
    await asyncio.sleep(3 if user_id in SLOW_USERS else 0.02)
    TRACE.append(("end", "recommendations", user_id))
    return ["tea", "mugs"]


async def safe_recommendations(user_id):
    """Recommendations within 0.2 s, or none: (list, degraded)."""
    try:
        return await asyncio.wait_for(fetch_recommendations(user_id), timeout=0.05), False
    except asyncio.TimeoutError:
        return [], True


@app.get("/dashboard/{user_id}")
async def dashboard(user_id: int):
    profile, orders, (recommendations, degraded) = await asyncio.gather(
        fetch_profile(user_id), fetch_orders(user_id), safe_recommendations(user_id)
    )
    if profile is None:
        raise HTTPException(status_code=404, detail="user not found")
    return {
        "name": profile["name"],
        "order_count": len(orders),
        "total_spent": round(sum(order["total"] for order in orders), 2),
        "recommendations": recommendations,
        "degraded": degraded,
    }


@app.websocket("/ws/prices")
async def prices(websocket: WebSocket):
    await websocket.accept()
    while True:
        text = await websocket.receive_text()
        if text == "bye":
            await websocket.close(code=1000)
            return
        if text in PRICES:
            await websocket.send_json({"symbol": text, "price": PRICES[text]})
        else:
            await websocket.send_json({"error": "unknown symbol"})
