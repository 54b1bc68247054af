-- SecPanel schema 11 for SQLite: the outlook behind each traffic management item raised by
-- 'secpanel traffic forecast --raise': a service's busiest minute of each day observed, and the
-- forecast after it with its interval, against the levels in force; the Panel paper draws it
-- under the item. One row a day, written with the item in the same transaction.

CREATE TABLE "traffic_outlooks" (
    "committee" TEXT NOT NULL,
    "meeting_date" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "confidence" INTEGER NOT NULL,
    "peak" INTEGER,
    "storm" INTEGER NOT NULL,
    "expected" INTEGER,
    "lower" INTEGER,
    "upper" INTEGER,
    "threshold" INTEGER,
    "capacity" INTEGER,
    PRIMARY KEY ("committee", "meeting_date", "item", "day")
);
