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
    engine = create_engine("sqlite:///:memory:")
    Base.metadata.create_all(engine)
    return Session(bind=engine)


def customer_by_email(session, email):
    return session.execute(select(Customer).filter_by(email=email)).scalar_one_or_none()


def top_customers(session, limit=3):
    ranking = []
    for customer in session.scalars(select(Customer)):
        counted = [order.total for order in customer.orders if order.status != "cancelled"]
        if counted:
            ranking.append((customer.name, sum(counted)))
    ranking.sort(key=lambda pair: (-pair[1], pair[0]))
    return ranking[:limit]
