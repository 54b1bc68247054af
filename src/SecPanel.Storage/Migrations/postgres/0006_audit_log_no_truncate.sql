-- SecPanel schema 6 for PostgreSQL: TRUNCATE empties a table without firing its row triggers, so
-- the append-only audit log refuses it with a statement trigger of its own. (A role that owns the
-- table can still drop the trigger: docs/storage.md says which role the server should run as.)

CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
