-- SecPanel schema 8 for PostgreSQL: uploads through the server waiting to be committed. An upload is
-- validated when it arrives and kept here, with what it would write, until its account commits or
-- discards it; one left for a day is deleted. Nothing here is a record: the audit trail has the
-- import when it is committed.

CREATE TABLE "uploads" (
    "id" text NOT NULL PRIMARY KEY,
    "account" text NOT NULL REFERENCES "accounts" ("name"),
    "created_at" text NOT NULL,
    "allow_updates" integer NOT NULL CHECK ("allow_updates" IN (0, 1)),
    "files" text NOT NULL,
    "counts" text NOT NULL
);
