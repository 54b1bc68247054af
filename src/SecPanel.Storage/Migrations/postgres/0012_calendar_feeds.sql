-- SecPanel schema 12 for PostgreSQL: the calendar feeds of the server's accounts. A feed is read at a
-- secret address (for a calendar program to subscribe to) and holds what its account may see; the
-- store keeps the secret's SHA-256 hash only. Revoking a feed stops its address at once. Creation
-- and revocation go to the audit log as kind "calendar-feed"; the secret never does.

CREATE TABLE "calendar_feeds" (
    "id" text NOT NULL PRIMARY KEY,
    "account" text NOT NULL REFERENCES "accounts" ("name"),
    "secret_hash" text NOT NULL,
    "committee" text,
    "revoked" integer NOT NULL CHECK ("revoked" IN (0, 1)),
    "created_at" text NOT NULL
);
