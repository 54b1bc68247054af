-- SecPanel schema 9 for SQLite: the traffic management rules (data/traffic-thresholds.csv,
-- data/traffic-allocations.csv, data/traffic-exempt-alerts.csv), each row a version in force from
-- its 'from' date. The tables are created empty: 'secpanel init' fills an empty rule table from the
-- data folder, so a store migrated from schema 8 gets the bundled rules (or those of --data) in the
-- same run, audited as inserts.

CREATE TABLE "traffic_thresholds" (
    "service" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "until" TEXT,
    "capacity_per_minute" INTEGER,
    "operating_threshold_per_minute" INTEGER,
    "allocation" TEXT,
    "note" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("service", "from")
);

CREATE TABLE "traffic_allocations" (
    "user" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "until" TEXT,
    "allocation_per_minute" INTEGER,
    "note" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("user", "from")
);

CREATE TABLE "traffic_exempt_alerts" (
    "alert_code" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "until" TEXT,
    "note" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("alert_code", "from")
);
