-- SecPanel schema 11 for PostgreSQL: the outlook behind each traffic management item raised by
-- 'secpanel traffic forecast --raise': a service's busiest minute of each day observed, and the
-- forecast after it with its interval, against the levels in force; the Panel paper draws it
-- under the item. One row a day, written with the item in the same transaction.

CREATE TABLE "traffic_outlooks" (
    "committee" text NOT NULL,
    "meeting_date" text NOT NULL,
    "item" text NOT NULL,
    "day" text NOT NULL,
    "service" text NOT NULL,
    "confidence" bigint NOT NULL,
    "peak" bigint,
    "storm" bigint NOT NULL,
    "expected" bigint,
    "lower" bigint,
    "upper" bigint,
    "threshold" bigint,
    "capacity" bigint,
    PRIMARY KEY ("committee", "meeting_date", "item", "day")
);
