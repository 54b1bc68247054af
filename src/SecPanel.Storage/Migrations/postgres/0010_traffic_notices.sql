-- SecPanel schema 10 for PostgreSQL: the traffic management notices sent to Parties ('secpanel traffic
-- warn'): one per User and allocation it is warned of reaching, so that the same warning is never
-- written or sent twice. Each notice is also in the audit trail, as kind traffic-notice.

CREATE TABLE "traffic_notices" (
    "user" text NOT NULL,
    "allocation_per_minute" bigint NOT NULL,
    "reaches" text,
    "file" text NOT NULL,
    "sent_to" text,
    "sent_at" text,
    "recorded_at" text NOT NULL,
    PRIMARY KEY ("user", "allocation_per_minute")
);
