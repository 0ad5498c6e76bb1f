from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field
from sqlalchemy import create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///todos.db", connect_args={"check_same_thread": False})


class Base(DeclarativeBase):
    pass


class Todo(Base):
    __tablename__ = "todos"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    # TODO: done and priority columns


Base.metadata.create_all(engine)
app = FastAPI()


class TodoIn(BaseModel):
    title: str


@app.post("/todos")
def create_todo(data: TodoIn):
    # TODO: store it in the database (Part 1)
    return {"id": 1, "title": data.title, "done": False, "priority": 2}
