-- SecPanel schema 6 for SQLite: nothing to change. SQLite has no TRUNCATE; its DELETE without a
-- WHERE clause fires the audit log's row trigger, which refuses it (schema 1). The schema version
-- moves with PostgreSQL's, whose TRUNCATE needed a trigger of its own.
SELECT 1;
