DOCKERFILE = """
FROM python:latest
COPY . .
RUN pip install -r requirements.txt
CMD uvicorn main:app
"""
