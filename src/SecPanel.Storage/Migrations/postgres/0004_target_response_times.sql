-- SecPanel schema 4 for PostgreSQL: the Target Response Times (data/target-response-times.csv),
-- now rule data like the performance measures they count towards. The table is created empty:
-- 'secpanel init' fills an empty rule table from the data folder, so a store migrated from
-- schema 3 gets the bundled times (or those of --data) in the same run, audited as an insert.

CREATE TABLE "target_response_times" (
    "category" text NOT NULL,
    "measure" text,
    "target_seconds" bigint,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("category")
);
