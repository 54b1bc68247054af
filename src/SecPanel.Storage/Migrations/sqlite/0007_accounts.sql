-- SecPanel schema 7 for SQLite: the accounts of `secpanel serve` (people by password, programs by
-- token), their tokens, and the server's own log of sign-ins and refused or hidden requests.
-- Account changes go to the audit log like any record's (kind "account"); secrets never do.
-- Instants are ISO-8601 text in UTC; an account's stamp changes whenever its sessions must end
-- (a password reset, a disabling).

CREATE TABLE "accounts" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "role" TEXT NOT NULL CHECK ("role" IN ('admin', 'secretariat', 'member', 'dcc')),
    "clearance" TEXT NOT NULL CHECK ("clearance" IN ('WHITE', 'GREEN', 'AMBER', 'RED')),
    "committees" TEXT NOT NULL,
    "password_hash" TEXT,
    "disabled" INTEGER NOT NULL CHECK ("disabled" IN (0, 1)),
    "failed_sign_ins" INTEGER NOT NULL,
    "locked_until" TEXT,
    "stamp" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL
);

CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account" TEXT NOT NULL REFERENCES "accounts" ("name"),
    "secret_hash" TEXT NOT NULL,
    "expires" TEXT NOT NULL,
    "revoked" INTEGER NOT NULL CHECK ("revoked" IN (0, 1)),
    "created_at" TEXT NOT NULL
);

-- The keys that protect the server's session cookies (ASP.NET Core data protection), kept with
-- the store: sessions survive a restart, and a cookie made by another store's server is refused.
CREATE TABLE "server_keys" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "xml" TEXT NOT NULL
);

CREATE TABLE "server_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "at" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "detail" TEXT NOT NULL
);

CREATE TRIGGER "server_log_no_update" BEFORE UPDATE ON "server_log"
BEGIN
    SELECT RAISE(ABORT, 'the server log is append-only');
END;

CREATE TRIGGER "server_log_no_delete" BEFORE DELETE ON "server_log"
BEGIN
    SELECT RAISE(ABORT, 'the server log is append-only');
END;
