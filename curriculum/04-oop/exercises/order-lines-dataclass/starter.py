from dataclasses import asdict, dataclass, field


class OrderLine:
    # Your fields here
    pass


class Order:
    # Your fields here
    pass
