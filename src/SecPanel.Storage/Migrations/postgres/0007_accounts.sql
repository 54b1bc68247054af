-- SecPanel schema 7 for PostgreSQL: the accounts of `secpanel serve` (people by password, programs
-- by token), their tokens, and the server's own log of sign-ins and refused or hidden requests.
-- Account changes go to the audit log like any record's (kind "account"); secrets never do.
-- Instants are ISO-8601 text in UTC, as on SQLite, so that both engines read them the same way;
-- an account's stamp changes whenever its sessions must end (a password reset, a disabling).

CREATE TABLE "accounts" (
    "name" text NOT NULL PRIMARY KEY,
    "role" text NOT NULL CHECK ("role" IN ('admin', 'secretariat', 'member', 'dcc')),
    "clearance" text NOT NULL CHECK ("clearance" IN ('WHITE', 'GREEN', 'AMBER', 'RED')),
    "committees" text NOT NULL,
    "password_hash" text,
    "disabled" integer NOT NULL CHECK ("disabled" IN (0, 1)),
    "failed_sign_ins" integer NOT NULL,
    "locked_until" text,
    "stamp" text NOT NULL,
    "created_at" text NOT NULL,
    "row_version" bigint NOT NULL
);

CREATE TABLE "api_tokens" (
    "id" text NOT NULL PRIMARY KEY,
    "account" text NOT NULL REFERENCES "accounts" ("name"),
    "secret_hash" text NOT NULL,
    "expires" text NOT NULL,
    "revoked" integer NOT NULL CHECK ("revoked" IN (0, 1)),
    "created_at" text NOT NULL
);

-- The keys that protect the server's session cookies (ASP.NET Core data protection), kept with
-- the store: sessions survive a restart, and a cookie made by another store's server is refused.
CREATE TABLE "server_keys" (
    "name" text NOT NULL PRIMARY KEY,
    "xml" text NOT NULL
);

CREATE TABLE "server_log" (
    "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "at" text NOT NULL,
    "actor" text NOT NULL,
    "event" text NOT NULL,
    "detail" text NOT NULL
);

CREATE TRIGGER "server_log_no_change" BEFORE UPDATE OR DELETE ON "server_log"
FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();

CREATE TRIGGER "server_log_no_truncate" BEFORE TRUNCATE ON "server_log"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
