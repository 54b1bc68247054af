-- SecPanel schema 1 for PostgreSQL: the rule data, the committee meetings and DCC report
-- deliveries with their figures, and the append-only audit log.
-- Every data table keeps the columns of the CSV file it comes from, keyed by its natural key,
-- plus row_position (file order, for rule tables) and row_version (optimistic concurrency).
-- Decimals are exact: numeric.

CREATE TABLE "obligations" (
    "key" text NOT NULL,
    "name" text,
    "sec_reference" text,
    "cadence" text,
    "deadline" text,
    "content" text,
    "content_reference" text,
    "counts" text,
    "note" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("key")
);

CREATE TABLE "bank_holidays" (
    "region" text NOT NULL,
    "date" date NOT NULL,
    "name" text,
    "source" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("region", "date")
);

CREATE TABLE "variance_rules" (
    "obligation" text NOT NULL,
    "exception_at_or_below" numeric,
    "exception_at_or_above" numeric,
    "no_forecast_with_sent" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("obligation"),
    FOREIGN KEY ("obligation") REFERENCES "obligations" ("key")
);

CREATE TABLE "performance_measures" (
    "key" text NOT NULL,
    "scope" text,
    "name" text,
    "target" numeric,
    "minimum" numeric,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("key")
);

CREATE TABLE "incident_targets" (
    "category" bigint NOT NULL,
    "target_hours" bigint,
    "group" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("category")
);

CREATE TABLE "meetings" (
    "committee" text NOT NULL,
    "meeting_date" date NOT NULL,
    "previous_meeting_date" date,
    "region" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("committee", "meeting_date")
);

CREATE TABLE "deliveries" (
    "obligation" text NOT NULL,
    "period" text NOT NULL,
    "delivered" date,
    "reference" text,
    "observations" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("obligation", "period"),
    FOREIGN KEY ("obligation") REFERENCES "obligations" ("key")
);

CREATE TABLE "variance_figures" (
    "obligation" text NOT NULL,
    "period" text NOT NULL,
    "user" text NOT NULL,
    "sent" bigint,
    "forecast" bigint,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("obligation", "period", "user"),
    FOREIGN KEY ("obligation", "period") REFERENCES "deliveries" ("obligation", "period")
);

CREATE TABLE "performance_results" (
    "obligation" text NOT NULL,
    "period" text NOT NULL,
    "measure" text NOT NULL,
    "within" bigint,
    "total" bigint,
    "level" numeric,
    "target" numeric,
    "minimum" numeric,
    "scope" text,
    "name" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("obligation", "period", "measure"),
    FOREIGN KEY ("obligation", "period") REFERENCES "deliveries" ("obligation", "period")
);

CREATE TABLE "incident_counts" (
    "obligation" text NOT NULL,
    "period" text NOT NULL,
    "resolved" bigint,
    "open" bigint,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("obligation", "period"),
    FOREIGN KEY ("obligation", "period") REFERENCES "deliveries" ("obligation", "period")
);

CREATE TABLE "incidents" (
    "obligation" text NOT NULL,
    "period" text NOT NULL,
    "id" text NOT NULL,
    "category" bigint,
    "opened" timestamp,
    "resolved" timestamp,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("obligation", "period", "id"),
    FOREIGN KEY ("obligation", "period") REFERENCES "deliveries" ("obligation", "period")
);

CREATE TABLE "audit_log" (
    "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "at" timestamptz NOT NULL,
    "actor" text NOT NULL,
    "kind" text NOT NULL,
    "record_key" text NOT NULL,
    "action" text NOT NULL CHECK ("action" IN ('insert', 'update', 'delete')),
    "old_value" text,
    "new_value" text
);

CREATE INDEX "audit_log_record" ON "audit_log" ("kind", "record_key");

CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER "audit_log_no_change" BEFORE UPDATE OR DELETE ON "audit_log"
FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
