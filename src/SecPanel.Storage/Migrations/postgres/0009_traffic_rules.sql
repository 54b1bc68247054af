-- SecPanel schema 9 for PostgreSQL: the traffic management rules (data/traffic-thresholds.csv,
-- data/traffic-allocations.csv, data/traffic-exempt-alerts.csv), each row a version in force from
-- its 'from' date. The tables are created empty: 'secpanel init' fills an empty rule table from the
-- data folder, so a store migrated from schema 8 gets the bundled rules (or those of --data) in the
-- same run, audited as inserts.

CREATE TABLE "traffic_thresholds" (
    "service" text NOT NULL,
    "from" date NOT NULL,
    "until" date,
    "capacity_per_minute" bigint,
    "operating_threshold_per_minute" bigint,
    "allocation" text,
    "note" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("service", "from")
);

CREATE TABLE "traffic_allocations" (
    "user" text NOT NULL,
    "from" date NOT NULL,
    "until" date,
    "allocation_per_minute" bigint,
    "note" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("user", "from")
);

CREATE TABLE "traffic_exempt_alerts" (
    "alert_code" text NOT NULL,
    "from" date NOT NULL,
    "until" date,
    "note" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("alert_code", "from")
);
