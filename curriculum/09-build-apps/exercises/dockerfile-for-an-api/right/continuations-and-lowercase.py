"""Another style: lower-case instructions, line continuations, a numeric user, ENV key value."""

DOCKERFILE = '''
# syntax=docker/dockerfile:1
from python:3.12.7-slim-bookworm

workdir /app
env PYTHONUNBUFFERED 1
env PORT=8000

copy requirements.txt ./requirements.txt
run python -m pip install \\
        --no-cache-dir \\
        -r requirements.txt

copy . .
user 10001:10001
expose 8000
cmd ["uvicorn", "--host=0.0.0.0", "--port=8000", "--workers=2", "main:app"]
'''
