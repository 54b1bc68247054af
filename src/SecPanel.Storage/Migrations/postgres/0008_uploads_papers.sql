-- SecPanel schema 8 for PostgreSQL: uploads through the server waiting to be committed, and the
-- papers built by the server. An upload is
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

-- A paper built through the server: each of its documents (the body, and an appendix for each
-- level above the paper's) in the three forms people download. Building it again replaces them.
-- The build is audited as kind "paper"; the documents are outputs, made again from the records.
CREATE TABLE "papers" (
    "reference" text NOT NULL,
    "stem" text NOT NULL,
    "title" text NOT NULL,
    "level" text NOT NULL CHECK ("level" IN ('WHITE', 'GREEN', 'AMBER', 'RED')),
    "built_at" text NOT NULL,
    "built_by" text NOT NULL,
    "request" text NOT NULL,
    "docx" bytea NOT NULL,
    "html" text NOT NULL,
    "markdown" text NOT NULL,
    PRIMARY KEY ("reference", "stem")
);
