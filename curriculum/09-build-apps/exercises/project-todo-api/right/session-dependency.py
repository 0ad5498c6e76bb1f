from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr, field_validator
from sqlalchemy import Boolean, Integer, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine("sqlite:///todos.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Todo(Base):
    __tablename__ = "todos"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(100), nullable=False)
    done: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    priority: Mapped[int] = mapped_column(Integer, default=2, nullable=False)

    def public(self):
        return {"id": self.id, "title": self.title, "done": self.done, "priority": self.priority}


Base.metadata.create_all(engine)


def clean_title(value):
    value = value.strip()
    if not 1 <= len(value) <= 100:
        raise ValueError("title must be 1-100 characters")
    return value


def check_priority(value):
    if value not in (1, 2, 3):
        raise ValueError("priority is 1, 2 or 3")
    return value


class NewTodo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: StrictStr
    priority: StrictInt = 2

    _title = field_validator("title")(clean_title)
    _priority = field_validator("priority")(check_priority)


class TodoChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: StrictStr = None
    done: StrictBool = None
    priority: StrictInt = None

    @field_validator("title", "done", "priority", mode="before")
    @classmethod
    def no_null(cls, value):
        if value is None:
            raise ValueError("may not be null")
        return value

    _title = field_validator("title")(clean_title)
    _priority = field_validator("priority")(check_priority)


def session():
    with SessionLocal() as db:
        yield db


DB = Annotated[Session, Depends(session)]
router = APIRouter(prefix="/todos")


def load(db, todo_id):
    todo = db.get(Todo, todo_id)
    if not todo:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "todo not found")
    return todo


@router.post("", status_code=status.HTTP_201_CREATED)
def create(body: NewTodo, db: DB):
    todo = Todo(title=body.title, priority=body.priority, done=False)
    db.add(todo)
    db.commit()
    return todo.public()


@router.get("")
def index(db: DB, done: bool | None = None, max_priority: Annotated[int | None, Query(ge=1, le=3)] = None):
    stmt = select(Todo)
    if done is not None:
        stmt = stmt.filter_by(done=done)
    if max_priority:
        stmt = stmt.filter(Todo.priority <= max_priority)
    return [t.public() for t in db.scalars(stmt.order_by(Todo.id)).all()]


@router.get("/{todo_id}")
def show(todo_id: int, db: DB):
    return load(db, todo_id).public()


@router.patch("/{todo_id}")
def change(todo_id: int, body: TodoChanges, db: DB):
    todo = load(db, todo_id)
    for name in body.model_fields_set:
        setattr(todo, name, getattr(body, name))
    db.commit()
    return todo.public()


@router.delete("/{todo_id}")
def remove(todo_id: int, db: DB):
    db.delete(load(db, todo_id))
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


app = FastAPI()
app.include_router(router)
