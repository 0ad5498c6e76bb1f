from typing import Annotated

from fastapi import FastAPI, HTTPException, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///todos.db", connect_args={"check_same_thread": False})


class Base(DeclarativeBase):
    pass


class Todo(Base):
    __tablename__ = "todos"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    done: Mapped[bool] = mapped_column(default=False)
    priority: Mapped[int] = mapped_column(default=2)


Base.metadata.create_all(engine)
app = FastAPI()

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Priority = Annotated[int, Field(strict=True, ge=1, le=3)]


class TodoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title
    priority: Priority = 2


class TodoPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title | None = None
    done: Annotated[bool, Field(strict=True)] | None = None
    priority: Priority | None = None


def as_dict(todo):
    return {"id": todo.id, "title": todo.title, "done": todo.done, "priority": todo.priority}


def get_or_404(session, todo_id):
    todo = session.get(Todo, todo_id)
    if todo is None:
        raise HTTPException(status_code=404, detail="todo not found")
    return todo


@app.post("/todos", status_code=201)
def create_todo(data: TodoIn):
    with Session(engine) as session:
        todo = Todo(title=data.title, priority=data.priority, done=False)
        session.add(todo)
        session.commit()
        session.refresh(todo)
        return as_dict(todo)


@app.get("/todos")
def list_todos(done: bool | None = None, max_priority: int | None = Query(None, ge=1, le=3)):
    query = select(Todo).order_by(Todo.id)
    if done is not None:
        query = query.where(Todo.done == done)
    if max_priority is not None:
        query = query.where(Todo.priority <= max_priority)
    with Session(engine) as session:
        return [as_dict(todo) for todo in session.scalars(query)]


@app.get("/todos/{todo_id}")
def get_todo(todo_id: int):
    with Session(engine) as session:
        return as_dict(get_or_404(session, todo_id))


@app.patch("/todos/{todo_id}")
def update_todo(todo_id: int, changes: TodoPatch):
    with Session(engine) as session:
        todo = get_or_404(session, todo_id)
        for field, value in changes.model_dump(exclude_unset=True).items():
            if value is None:
                raise HTTPException(status_code=422, detail=f"{field} cannot be null")
            setattr(todo, field, value)
        session.commit()
        session.refresh(todo)
        return as_dict(todo)


@app.delete("/todos/{todo_id}", status_code=204)
def delete_todo(todo_id: int):
    with Session(engine) as session:
        session.delete(get_or_404(session, todo_id))
        session.commit()
    return Response(status_code=204)
