-- SecPanel schema 2 for SQLite: the committees and the SSC's Assurance Status
-- vocabulary (rule data), and the committees' records: items, actions, SSC decisions, Director
-- Letters, Verification Assessments, TABASC risk revisions and TAG milestones.

CREATE TABLE "committees" (
    "key" TEXT NOT NULL,
    "name" TEXT,
    "section" INTEGER,
    "section_title" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("key")
);

CREATE TABLE "assurance_statuses" (
    "status" TEXT NOT NULL,
    "from" TEXT,
    "until" TEXT,
    "note" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("status")
);

CREATE TABLE "items" (
    "committee" TEXT NOT NULL,
    "meeting_date" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT,
    "title" TEXT,
    "text" TEXT,
    "classification" TEXT,
    "public_summary" TEXT,
    "obligation" TEXT,
    "period" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("committee", "meeting_date", "id"),
    FOREIGN KEY ("committee", "meeting_date") REFERENCES "meetings" ("committee", "meeting_date")
);

CREATE TABLE "actions" (
    "committee" TEXT NOT NULL,
    "meeting_date" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT,
    "owner" TEXT,
    "due" TEXT,
    "status" TEXT,
    "text" TEXT,
    "closed" TEXT,
    "classification" TEXT,
    "public_summary" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("committee", "meeting_date", "id"),
    FOREIGN KEY ("committee", "meeting_date") REFERENCES "meetings" ("committee", "meeting_date")
);

CREATE TABLE "assurance_decisions" (
    "meeting_date" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "party" TEXT,
    "assessment" TEXT,
    "status" TEXT,
    "condition" TEXT,
    "classification" TEXT,
    "public_summary" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("meeting_date", "id")
);

CREATE TABLE "director_letters" (
    "meeting_date" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "party" TEXT,
    "outcome" TEXT,
    "classification" TEXT,
    "public_summary" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("meeting_date", "id")
);

CREATE TABLE "verification_assessments" (
    "meeting_date" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "party" TEXT,
    "outcome" TEXT,
    "classification" TEXT,
    "public_summary" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("meeting_date", "id")
);

CREATE TABLE "risks" (
    "risk" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "date" TEXT,
    "title" TEXT,
    "likelihood" INTEGER,
    "impact" INTEGER,
    "owner" TEXT,
    "treatment" TEXT,
    "review_date" TEXT,
    "description" TEXT,
    "classification" TEXT,
    "public_summary" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("risk", "revision")
);

CREATE TABLE "milestones" (
    "id" TEXT NOT NULL,
    "title" TEXT,
    "planned" TEXT,
    "actual" TEXT,
    "classification" TEXT,
    "public_summary" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("id")
);
