#!/bin/bash
# First start of the BI PostgreSQL (docker-entrypoint-initdb.d; runs once, on an empty data dir).
# Least privilege for BI readers (warehouse/serving/pg_publish.py states the model):
# - sai_publisher owns database bi and may create roles; it is not a superuser;
# - the read-only login role gets its password here, once: publishes never reset it;
# - PUBLIC loses CONNECT and TEMPORARY on every database, so the reader connects to bi only
#   (granted by the publish) and cannot create temporary tables; pg_hba rejects it elsewhere too.
set -euo pipefail
: "${BI_PUBLISHER_PASSWORD:?}" "${SAI_BI_READER_PASSWORD:?}" "${SAI_BI_LOGIN_ROLE:?}" "${SAI_BI_READER_ROLE:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v publisher_pw="$BI_PUBLISHER_PASSWORD" -v reader_pw="$SAI_BI_READER_PASSWORD" \
    -v login="$SAI_BI_LOGIN_ROLE" -v reader="$SAI_BI_READER_ROLE" <<'SQL'
create role sai_publisher login createrole password :'publisher_pw';
alter database bi owner to sai_publisher;
create role :"reader" nologin;
create role :"login" login password :'reader_pw' in role :"reader";
-- PostgreSQL 16: a CREATEROLE publisher administers only roles it created or was granted ADMIN on
grant :"reader" to sai_publisher with admin option;
grant :"login" to sai_publisher with admin option;
revoke all on database postgres, template1, bi from public;
grant connect on database bi to :"reader";
SQL

# pg_hba: the reader may log in to database bi only (first matching line wins).
{ echo "host bi ${SAI_BI_LOGIN_ROLE} all scram-sha-256"
  echo "host all ${SAI_BI_LOGIN_ROLE} all reject"
  cat "$PGDATA/pg_hba.conf"; } > "$PGDATA/pg_hba.conf.new"
mv "$PGDATA/pg_hba.conf.new" "$PGDATA/pg_hba.conf"
