-- SecPanel schema 14 for SQLite: Planned Maintenance. The rule table (data/planned-maintenance.csv:
-- each service's notice in Working Days and its availability measure) is created empty, and
-- 'secpanel init' fills it from the data folder in the same run, audited as inserts. The windows
-- (a case's maintenance.csv) are records of the DCC's notices, kept like deliveries.

CREATE TABLE "planned_maintenance" (
    "service" TEXT NOT NULL,
    "name" TEXT,
    "measure" TEXT,
    "notice_working_days" INTEGER,
    "note" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("service")
);

CREATE TABLE "maintenance_windows" (
    "id" TEXT NOT NULL,
    "service" TEXT,
    "start" TEXT,
    "end" TEXT,
    "notified" TEXT,
    "description" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("id")
);

CREATE INDEX "maintenance_windows_start" ON "maintenance_windows" ("start");
