"""The same project with other spellings: explicit bounds, dotted keys, capitalised names."""

PYPROJECT = '''
build-system = { requires = ["hatchling>=1.20"], build-backend = "hatchling.build" }

[project]
name = "Orders_Service"
version = "1.4.0"
description = "The shop's orders API"
requires-python = ">= 3.11"
dependencies = ["FastAPI >= 0.115.0", "SQLAlchemy >=2, <3.0", "httpx >=0.28.1, <0.29"]
optional-dependencies.dev = ["pytest>=8", "mypy", "ruff>=0.6"]
scripts = { orders-service = "orders_service.cli:main" }

[tool]
ruff.line-length = 100
ruff.lint.select = ["I", "F", "E"]
mypy.strict = true
pytest.ini_options.testpaths = ["tests"]
'''
