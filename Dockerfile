# Airflow image for docker-compose.yml: Python 3.11 + the locked dependencies (uv.lock), nothing else.
# The project itself is on PYTHONPATH at /opt/project (copied here, bind-mounted over by compose).
# BASE_IMAGE: any Debian/Ubuntu image with Python 3.11 at $PYTHON; `make compose-smoke` builds one
# from Debian packages with debootstrap (no Docker Hub needed) and passes it here.
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ARG UV_VERSION=0.13.9
ARG PYTHON=/usr/local/bin/python3.11
# The Celery provider is the lock's `celery` extra, so the same image runs the `celery` profile with
# locked versions. INSTALL_CELERY=false leaves it out.
ARG INSTALL_CELERY=true
ARG AIRFLOW_UID=50000

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/opt/project \
    AIRFLOW_HOME=/opt/airflow \
    WAREHOUSE_DIR=/opt/warehouse

# a base image may bring uv already (the debootstrap one does)
RUN command -v uv >/dev/null 2>&1 || pip install --no-cache-dir "uv==${UV_VERSION}"

WORKDIR /opt/project
# Dependencies first (cached layer): only the lock decides versions.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project --no-cache --python "${PYTHON}" \
        $(if [ "$INSTALL_CELERY" = "true" ]; then echo --extra celery; fi)

COPY . /opt/project
RUN useradd --uid "${AIRFLOW_UID}" --gid 0 --home-dir /opt/airflow --create-home airflow \
 && mkdir -p /opt/warehouse /opt/airflow/logs \
 && chown -R "${AIRFLOW_UID}:0" /opt/warehouse /opt/airflow \
 && chmod -R g+rwX /opt/warehouse /opt/airflow
USER ${AIRFLOW_UID}

EXPOSE 8080
ENTRYPOINT ["airflow"]
CMD ["version"]
