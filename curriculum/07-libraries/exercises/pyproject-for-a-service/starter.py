PYPROJECT = """
[project]
name = "orders-service"
version = "0.1.0"
"""
