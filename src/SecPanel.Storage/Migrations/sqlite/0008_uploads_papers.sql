-- SecPanel schema 8 for SQLite: uploads through the server waiting to be committed, and the
-- papers built by the server. An upload is
-- validated when it arrives and kept here, with what it would write, until its account commits or
-- discards it; one left for a day is deleted. Nothing here is a record: the audit trail has the
-- import when it is committed.

CREATE TABLE "uploads" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "account" TEXT NOT NULL REFERENCES "accounts" ("name"),
    "created_at" TEXT NOT NULL,
    "allow_updates" INTEGER NOT NULL CHECK ("allow_updates" IN (0, 1)),
    "files" TEXT NOT NULL,
    "counts" TEXT NOT NULL
);

-- A paper built through the server: each of its documents (the body, and an appendix for each
-- level above the paper's) in the three forms people download. Building it again replaces them.
-- The build is audited as kind "paper"; the documents are outputs, made again from the records.
CREATE TABLE "papers" (
    "reference" TEXT NOT NULL,
    "stem" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "level" TEXT NOT NULL CHECK ("level" IN ('WHITE', 'GREEN', 'AMBER', 'RED')),
    "built_at" TEXT NOT NULL,
    "built_by" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "docx" BLOB NOT NULL,
    "html" TEXT NOT NULL,
    "markdown" TEXT NOT NULL,
    PRIMARY KEY ("reference", "stem")
);
