-- SecPanel schema 1 for SQLite: the rule data, the committee meetings and DCC report
-- deliveries with their figures, and the append-only audit log.
-- Every data table keeps the columns of the CSV file it comes from, keyed by its natural key,
-- plus row_position (file order, for rule tables) and row_version (optimistic concurrency).
-- Decimals are exact: TEXT in SQLite, which has no exact decimal type.

CREATE TABLE "obligations" (
    "key" TEXT NOT NULL,
    "name" TEXT,
    "sec_reference" TEXT,
    "cadence" TEXT,
    "deadline" TEXT,
    "content" TEXT,
    "content_reference" TEXT,
    "counts" TEXT,
    "note" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("key")
);

CREATE TABLE "bank_holidays" (
    "region" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "name" TEXT,
    "source" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("region", "date")
);

CREATE TABLE "variance_rules" (
    "obligation" TEXT NOT NULL,
    "exception_at_or_below" TEXT,
    "exception_at_or_above" TEXT,
    "no_forecast_with_sent" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("obligation"),
    FOREIGN KEY ("obligation") REFERENCES "obligations" ("key")
);

CREATE TABLE "performance_measures" (
    "key" TEXT NOT NULL,
    "scope" TEXT,
    "name" TEXT,
    "target" TEXT,
    "minimum" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("key")
);

CREATE TABLE "incident_targets" (
    "category" INTEGER NOT NULL,
    "target_hours" INTEGER,
    "group" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("category")
);

CREATE TABLE "meetings" (
    "committee" TEXT NOT NULL,
    "meeting_date" TEXT NOT NULL,
    "previous_meeting_date" TEXT,
    "region" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("committee", "meeting_date")
);

CREATE TABLE "deliveries" (
    "obligation" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "delivered" TEXT,
    "reference" TEXT,
    "observations" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("obligation", "period"),
    FOREIGN KEY ("obligation") REFERENCES "obligations" ("key")
);

CREATE TABLE "variance_figures" (
    "obligation" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "sent" INTEGER,
    "forecast" INTEGER,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("obligation", "period", "user"),
    FOREIGN KEY ("obligation", "period") REFERENCES "deliveries" ("obligation", "period")
);

CREATE TABLE "performance_results" (
    "obligation" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "measure" TEXT NOT NULL,
    "within" INTEGER,
    "total" INTEGER,
    "level" TEXT,
    "target" TEXT,
    "minimum" TEXT,
    "scope" TEXT,
    "name" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("obligation", "period", "measure"),
    FOREIGN KEY ("obligation", "period") REFERENCES "deliveries" ("obligation", "period")
);

CREATE TABLE "incident_counts" (
    "obligation" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "resolved" INTEGER,
    "open" INTEGER,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("obligation", "period"),
    FOREIGN KEY ("obligation", "period") REFERENCES "deliveries" ("obligation", "period")
);

CREATE TABLE "incidents" (
    "obligation" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "category" INTEGER,
    "opened" TEXT,
    "resolved" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("obligation", "period", "id"),
    FOREIGN KEY ("obligation", "period") REFERENCES "deliveries" ("obligation", "period")
);

CREATE TABLE "audit_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "at" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "record_key" TEXT NOT NULL,
    "action" TEXT NOT NULL CHECK ("action" IN ('insert', 'update', 'delete')),
    "old_value" TEXT,
    "new_value" TEXT
);

CREATE INDEX "audit_log_record" ON "audit_log" ("kind", "record_key");

CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log"
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log"
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
