-- SecPanel schema 14 for PostgreSQL: Planned Maintenance. The rule table (data/planned-maintenance.csv:
-- each service's notice in Working Days and its availability measure) is created empty, and
-- 'secpanel init' fills it from the data folder in the same run, audited as inserts. The windows
-- (a case's maintenance.csv) are records of the DCC's notices, kept like deliveries.

CREATE TABLE "planned_maintenance" (
    "service" text NOT NULL,
    "name" text,
    "measure" text,
    "notice_working_days" bigint,
    "note" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("service")
);

CREATE TABLE "maintenance_windows" (
    "id" text NOT NULL,
    "service" text,
    "start" timestamp,
    "end" timestamp,
    "notified" date,
    "description" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("id")
);

CREATE INDEX "maintenance_windows_start" ON "maintenance_windows" ("start");
