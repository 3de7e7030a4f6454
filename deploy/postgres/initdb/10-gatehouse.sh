#!/bin/bash
# Once, on an empty cluster: one database per app, owned by a role of the same name whose password
# only that app has, so an app reaches its own data and nothing else.
set -euo pipefail
for app in auth discovery gate; do
  var="GATEHOUSE_${app^^}_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname postgres \
    --set name="gatehouse_${app}" --set password="${!var}" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done
