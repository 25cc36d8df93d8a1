# syntax=docker/dockerfile:1
FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements/runtime.txt requirements/runtime.txt
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements/runtime.txt
COPY pyproject.toml README.md alembic.ini ./
COPY app app
COPY migrations migrations
RUN /opt/venv/bin/pip install --no-deps .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 podium
WORKDIR /srv/podium
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations migrations
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////srv/podium/data/podium.db \
    HOST=0.0.0.0 \
    PORT=8000
RUN mkdir -p /srv/podium/data && chown podium:podium /srv/podium/data
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD ["python", "-c", "import os,urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2)"]
CMD ["sh", "-c", "podium migrate && podium seed > /dev/null && exec podium serve --host \"$HOST\" --port \"$PORT\""]
