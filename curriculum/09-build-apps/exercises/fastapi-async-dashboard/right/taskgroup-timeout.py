import asyncio

from fastapi import APIRouter, FastAPI, HTTPException, WebSocket, WebSocketDisconnect

TRACE = []
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


RECOMMENDATION_BUDGET_S = 0.2
router = APIRouter()


async def recommendations_or_nothing(user_id):
    try:
        async with asyncio.timeout(RECOMMENDATION_BUDGET_S):
            return {"recommendations": await fetch_recommendations(user_id), "degraded": False}
    except TimeoutError:
        return {"recommendations": [], "degraded": True}


@router.get("/dashboard/{user_id}")
async def dashboard(user_id: int):
    async with asyncio.TaskGroup() as group:
        profile_task = group.create_task(fetch_profile(user_id))
        orders_task = group.create_task(fetch_orders(user_id))
        recs_task = group.create_task(recommendations_or_nothing(user_id))
    profile = profile_task.result()
    if not profile:
        raise HTTPException(404, "no such user")
    orders = orders_task.result()
    total = 0.0
    for order in orders:
        total += order["total"]
    return {"name": profile["name"], "order_count": len(orders), "total_spent": round(total, 2), **recs_task.result()}


@router.websocket("/ws/prices")
async def prices(ws: WebSocket):
    await ws.accept()
    try:
        async for symbol in ws.iter_text():
            if symbol == "bye":
                await ws.close(1000)
                break
            price = PRICES.get(symbol)
            await ws.send_json({"symbol": symbol, "price": price} if price is not None else {"error": "unknown symbol"})
    except WebSocketDisconnect:
        pass


app = FastAPI()
app.include_router(router)
