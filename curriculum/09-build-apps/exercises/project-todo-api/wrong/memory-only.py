from fastapi import FastAPI, HTTPException, Query, Response
from pydantic import BaseModel, Field

app = FastAPI()
todos = {}


class TodoIn(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    priority: int = Field(2, ge=1, le=3)


class TodoPatch(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=100)
    done: bool | None = None
    priority: int | None = Field(None, ge=1, le=3)


def get_or_404(todo_id):
    if todo_id not in todos:
        raise HTTPException(status_code=404, detail="todo not found")
    return todos[todo_id]


@app.post("/todos", status_code=201)
def create_todo(data: TodoIn):
    todo_id = len(todos) + 1
    todos[todo_id] = {"id": todo_id, "title": data.title.strip(), "done": False, "priority": data.priority}
    return todos[todo_id]


@app.get("/todos")
def list_todos(done: bool | None = None, max_priority: int | None = Query(None, ge=1, le=3)):
    return [t for t in todos.values()
            if (done is None or t["done"] == done) and (max_priority is None or t["priority"] <= max_priority)]


@app.get("/todos/{todo_id}")
def get_todo(todo_id: int):
    return get_or_404(todo_id)


@app.patch("/todos/{todo_id}")
def update_todo(todo_id: int, changes: TodoPatch):
    todo = get_or_404(todo_id)
    todo.update(changes.model_dump(exclude_unset=True))
    return todo


@app.delete("/todos/{todo_id}", status_code=204)
def delete_todo(todo_id: int):
    get_or_404(todo_id)
    del todos[todo_id]
    return Response(status_code=204)
