# The production image: gunicorn serving the site, the same image runs the task worker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=training_hub.settings.production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core curl \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
COPY training_hub ./training_hub
COPY catalogue ./catalogue
COPY courses ./courses
COPY nominations ./nominations
COPY certificates ./certificates
COPY search ./search
COPY manage.py ./
COPY locale ./locale
COPY scripts/compile_messages.py ./scripts/compile_messages.py
RUN pip install --no-cache-dir . && python scripts/compile_messages.py
# collectstatic needs settings to load; these build-time values are never used at run time.
RUN SECRET_KEY=build-only-value-that-is-long-enough-for-the-settings-check-000 \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput
RUN useradd --create-home hub && mkdir -p /app/var/media && chown -R hub /app/var
USER hub
EXPOSE 8000
CMD ["gunicorn", "training_hub.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
