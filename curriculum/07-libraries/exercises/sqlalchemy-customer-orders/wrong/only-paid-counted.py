from sqlalchemy import ForeignKey, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[str] = mapped_column(unique=True)
    orders: Mapped[list["Order"]] = relationship(back_populates="customer")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    total: Mapped[float]
    status: Mapped[str] = mapped_column(default="open")
    customer: Mapped[Customer] = relationship(back_populates="orders")


def new_session():
    """A Session on a fresh in-memory SQLite database with the tables created."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    return Session(engine)


def customer_by_email(session, email):
    """The Customer with this e-mail, or None."""
    return session.scalars(select(Customer).where(Customer.email == email)).first()


def top_customers(session, limit=3):
    """(name, spent) pairs for the biggest spenders, cancelled orders excluded."""
    spent = func.sum(Order.total)
    query = (
        select(Customer.name, spent)
        .join(Customer.orders)
        .where(Order.status == "paid")
        .group_by(Customer.id)
        .order_by(spent.desc(), Customer.name)
        .limit(limit)
    )
    return [(name, total) for name, total in session.execute(query)]
