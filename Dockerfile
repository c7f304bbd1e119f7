# CoupleSafe, production image: the locked dependencies, static files collected, a non-root user,
# gunicorn. docker-compose.yml runs the same image as web, worker, beat and a one-shot migrate.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv

RUN pip install --no-cache-dir "uv==0.13.9"

WORKDIR /app

# Dependencies first (their own layer, rebuilt only when the lock changes).
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN uv sync --frozen --no-dev

ENV PATH="/app/.venv/bin:$PATH" \
    DJANGO_ENV=production \
    COUPLESAFE_VAR_DIR=/app/var \
    WEB_CONCURRENCY=3

# collectstatic needs production settings to load; these throwaway values exist only for this
# one command and are not kept in the image (real ones come from the environment at run time).
RUN SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    FIELD_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    python manage.py collectstatic --no-input -v 0

RUN groupadd --system couplesafe \
    && useradd --system --gid couplesafe --home-dir /app --no-create-home couplesafe \
    && mkdir -p /app/var \
    && chown -R couplesafe:couplesafe /app/var
USER couplesafe

EXPOSE 8000
# Access logs are off on purpose: invite and password-reset links carry one-time tokens.
# gunicorn reads WEB_CONCURRENCY for its number of workers.
CMD ["gunicorn", "couplesafe.wsgi:application", "--bind", "0.0.0.0:8000", "--timeout", "30"]
