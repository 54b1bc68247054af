-- SecPanel schema 10 for SQLite: the traffic management notices sent to Parties ('secpanel traffic
-- warn'): one per User and allocation it is warned of reaching, so that the same warning is never
-- written or sent twice. Each notice is also in the audit trail, as kind traffic-notice.

CREATE TABLE "traffic_notices" (
    "user" TEXT NOT NULL,
    "allocation_per_minute" INTEGER NOT NULL,
    "reaches" TEXT,
    "file" TEXT NOT NULL,
    "sent_to" TEXT,
    "sent_at" TEXT,
    "recorded_at" TEXT NOT NULL,
    PRIMARY KEY ("user", "allocation_per_minute")
);
