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


@app.get("/dashboard/{user_id}")
async def dashboard(user_id: int):
    profile = await fetch_profile(user_id)
    orders = await fetch_orders(user_id)
    recommendations = await fetch_recommendations(user_id)
    return {
        "name": profile["name"],
        "order_count": len(orders),
        "total_spent": sum(order["total"] for order in orders),
        "recommendations": recommendations,
        "degraded": False,
    }

# Part 2: the /ws/prices WebSocket
