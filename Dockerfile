# samordning: API, public website and the staff app. Used by docker-compose.yml (PostgreSQL 16 beside it).

# The staff app (web/) is built here from its lock file, its API types generated from the OpenAPI
# document; only the built files (web/dist) go into the image, which has no Node.js.
FROM node:20-slim AS web
WORKDIR /src
COPY openapi/openapi.json openapi/
COPY web/package.json web/package-lock.json web/
RUN cd web && npm ci --no-audit --no-fund
COPY web web
RUN cd web && npm run gen && npm run build

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /srv/samordning

# WeasyPrint (the meeting book's HTML → PDF) is pure Python over the system's pango and harfbuzz;
# DejaVu and Liberation are the fonts the book names (app/meetings/book_pdf.py).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-dejavu-core fonts-liberation \
 && rm -rf /var/lib/apt/lists/*

# The locked dependencies first (exact versions, hashes checked: `make lock`), so that a code change
# does not reinstall them; then the project itself, without resolving anything again.
COPY requirements-runtime.lock ./
RUN pip install --require-hashes -r requirements-runtime.lock
COPY pyproject.toml ./
COPY app ./app
RUN pip install --no-deps . && pip check

# Migrations and rule data live beside app/, outside the installed package. The app finds them
# relative to its source tree, so the source tree is what gets imported (PYTHONPATH below); the
# installed distribution supplies the dependencies and the `samordning` command.
COPY . .
COPY --from=web /src/web/dist ./web/dist
ENV PYTHONPATH=/srv/samordning \
    SAMORDNING_RULES_DIR=/srv/samordning/rules

RUN groupadd --system --gid 10001 samordning \
 && useradd --system --uid 10001 --gid samordning --home-dir /srv/samordning --no-create-home samordning \
 && mkdir -p /srv/samordning/data \
 && chown samordning:samordning /srv/samordning/data
USER samordning

EXPOSE 8000
# The health check (GET /ready) is declared in docker-compose.yml.

CMD ["sh", "-c", "samordning migrate && samordning seed && exec samordning serve --host 0.0.0.0 --port 8000"]
