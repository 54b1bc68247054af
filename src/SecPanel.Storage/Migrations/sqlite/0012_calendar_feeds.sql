-- SecPanel schema 12 for SQLite: the calendar feeds of the server's accounts. A feed is read at a
-- secret address (for a calendar program to subscribe to) and holds what its account may see; the
-- store keeps the secret's SHA-256 hash only. Revoking a feed stops its address at once. Creation
-- and revocation go to the audit log as kind "calendar-feed"; the secret never does.

CREATE TABLE "calendar_feeds" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account" TEXT NOT NULL REFERENCES "accounts" ("name"),
    "secret_hash" TEXT NOT NULL,
    "committee" TEXT,
    "revoked" INTEGER NOT NULL CHECK ("revoked" IN (0, 1)),
    "created_at" TEXT NOT NULL
);
