# Airflow image for docker-compose.yml: Python 3.11 + the locked dependencies (uv.lock), nothing else.
# The project itself is on PYTHONPATH at /opt/project (copied here, bind-mounted over by compose).
FROM python:3.11-slim

ARG UV_VERSION=0.13.9
# The celery provider is not in uv.lock (LocalExecutor needs none); it is installed against the
# locked versions so the same image runs the `celery` profile. INSTALL_CELERY=false to leave it out.
ARG INSTALL_CELERY=true
ARG CELERY_PROVIDER="apache-airflow-providers-celery[redis]==3.26.0"
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

RUN pip install --no-cache-dir "uv==${UV_VERSION}"

WORKDIR /opt/project
# Dependencies first (cached layer): only the lock decides versions.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project --no-cache --python /usr/local/bin/python3.11 \
 && if [ "$INSTALL_CELERY" = "true" ]; then \
        uv export --frozen --no-dev --no-hashes --no-emit-project -o /tmp/locked.txt \
     && uv pip install --no-cache --python /opt/venv/bin/python -c /tmp/locked.txt "$CELERY_PROVIDER" \
     && rm /tmp/locked.txt; \
    fi

COPY . /opt/project
RUN useradd --uid "${AIRFLOW_UID}" --gid 0 --home-dir /opt/airflow --create-home airflow \
 && mkdir -p /opt/warehouse /opt/airflow/logs \
 && chown -R "${AIRFLOW_UID}:0" /opt/warehouse /opt/airflow \
 && chmod -R g+rwX /opt/warehouse /opt/airflow
USER ${AIRFLOW_UID}

EXPOSE 8080
ENTRYPOINT ["airflow"]
CMD ["version"]
