from typing import List

from sqlalchemy import ForeignKey, String, create_engine, desc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(nullable=False)
    orders: Mapped[List["Order"]] = relationship("Order", back_populates="customer")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey(Customer.id))
    total: Mapped[float] = mapped_column(nullable=False)
    status: Mapped[str] = mapped_column(default="open", nullable=False)
    customer: Mapped["Customer"] = relationship("Customer", back_populates="orders")


def new_session():
    engine = create_engine("sqlite://", echo=False)
    Base.metadata.create_all(bind=engine)
    return Session(bind=engine)


def customer_by_email(session, email):
    return session.scalar(select(Customer).where(Customer.email == email))


def top_customers(session, limit=3):
    spent = func.sum(Order.total).label("spent")
    rows = session.execute(
        select(Customer.name, spent)
        .select_from(Order)
        .join(Order.customer)
        .where(Order.status.is_not(None), Order.status != "cancelled")
        .group_by(Order.customer_id, Customer.name)
        .order_by(desc("spent"), Customer.name)
        .limit(limit)
    ).all()
    return [(row.name, row.spent) for row in rows]
