# The production image: gunicorn serving the site, the same image runs the task worker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=training_hub.settings.production \
    TRAINING_HUB_FONT_CACHE=/app/var/fonts
WORKDIR /app
# Noto in every script of the region (certificates), CJK included.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk curl \
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
# collectstatic needs settings to load; these build-time values are never used at run time
# (the signing files only have to exist: the real ones are secrets mounted at run time).
RUN SECRET_KEY=build-only-value-that-is-long-enough-for-the-settings-check-000 \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
    TRAINING_HUB_SIGNING_KEY=/app/manage.py TRAINING_HUB_SIGNING_CERT=/app/manage.py \
    python manage.py collectstatic --noinput
# The CJK face as TrueType for the certificates (about a minute, once per image build).
RUN DJANGO_SETTINGS_MODULE=training_hub.settings.dev python manage.py certificate_fonts
RUN useradd --create-home hub && mkdir -p /app/var/media /app/var/private && chown -R hub /app/var
USER hub
EXPOSE 8000
CMD ["gunicorn", "training_hub.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
