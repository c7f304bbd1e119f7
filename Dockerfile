# CoupleSafe, production image: Debian trixie's Python 3.13, the locked dependencies from
# uv.lock, static files collected, a non-root user, gunicorn (gthread workers, gunicorn.conf.py).
# docker-compose.yml runs this one image as web, worker, beat and a one-shot migrate.
#
# BASE_IMAGE is debian:trixie-slim for a real deployment. bin/compose-check passes a local image
# made with debootstrap from Debian's archive (same distribution, same packages) on machines that
# cannot pull images.
ARG BASE_IMAGE=debian:trixie-slim

# ---- build: uv resolves nothing here, it installs exactly what uv.lock says ----
FROM ${BASE_IMAGE} AS build
ARG UV_VERSION=0.13.9
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       python3 python3-venv ca-certificates \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
# uv (and pip, which installs it) trust the system's certificate store.
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
RUN python3 -m venv /opt/uv && /opt/uv/bin/pip install --no-cache-dir "uv==${UV_VERSION}"

WORKDIR /app
# Dependencies first (their own layer, rebuilt only when the lock changes).
COPY pyproject.toml uv.lock .python-version ./
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-install-project --no-cache
COPY . .
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-cache

# collectstatic needs production settings to load; these throwaway values exist only for this
# one command and are not kept in the image (real ones come from the environment at run time).
RUN SECRET_KEY="build-only-$(/app/.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    FIELD_ENCRYPTION_KEYS="$(/app/.venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    DJANGO_ENV=production /app/.venv/bin/python manage.py collectstatic --no-input -v 0

# ---- run: Python, the app and its virtualenv; no compilers, no uv, no apt lists or caches ----
FROM ${BASE_IMAGE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       python3 tzdata ca-certificates \
    && apt-get clean && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 couplesafe \
    && useradd --uid 10001 --gid couplesafe --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin couplesafe

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/app/.venv/bin:$PATH" \
    DJANGO_ENV=production \
    COUPLESAFE_VAR_DIR=/app/var

WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /app/var && chown couplesafe:couplesafe /app/var
USER couplesafe:couplesafe

EXPOSE 8000
# gunicorn.conf.py (read from /app) sets the worker class (gthread serving clients in turn),
# threads, timeouts and keeps the access log off: invite and password-reset links carry
# one-time tokens.
CMD ["gunicorn", "couplesafe.wsgi:application"]
