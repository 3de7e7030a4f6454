-- One database per app: each owns its schema and migrations.
CREATE DATABASE gatehouse_auth;
CREATE DATABASE gatehouse_discovery;
CREATE DATABASE gatehouse_gate;
