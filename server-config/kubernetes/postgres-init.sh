#!/bin/bash
# Run once by the postgres image's entrypoint, when the volume is new (/docker-entrypoint-initdb.d), as the
# superuser it made: the service's own role, the owner of the service's database (Flyway creates the tables in its
# public schema) and no superuser, so that the service's credentials cannot run programs in this container
# (COPY ... PROGRAM) or reach other databases. Values pass as psql variables, quoted by psql.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=role="$INVENTORY_DB_USER" --set=password="$INVENTORY_DB_PASSWORD" --set=database="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
ALTER DATABASE :"database" OWNER TO :"role";
SQL
