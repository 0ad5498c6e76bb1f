DOCKERFILE = """
FROM python:3.12-slim
WORKDIR /srv
ENV PYTHONUNBUFFERED=1

# dependencies first: this layer is reused until requirements.txt changes
USER nobody
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
RUN useradd --create-home --uid 10001 app
USER app

EXPOSE 8000
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]
"""
