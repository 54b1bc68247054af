-- SecPanel schema 2 for PostgreSQL: the committees and the SSC's Assurance Status
-- vocabulary (rule data), and the committees' records: items, actions, SSC decisions, Director
-- Letters, Verification Assessments, TABASC risk revisions and TAG milestones.

CREATE TABLE "committees" (
    "key" text NOT NULL,
    "name" text,
    "section" bigint,
    "section_title" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("key")
);

CREATE TABLE "assurance_statuses" (
    "status" text NOT NULL,
    "from" date,
    "until" date,
    "note" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("status")
);

CREATE TABLE "items" (
    "committee" text NOT NULL,
    "meeting_date" date NOT NULL,
    "id" text NOT NULL,
    "kind" text,
    "title" text,
    "text" text,
    "classification" text,
    "public_summary" text,
    "obligation" text,
    "period" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("committee", "meeting_date", "id"),
    FOREIGN KEY ("committee", "meeting_date") REFERENCES "meetings" ("committee", "meeting_date")
);

CREATE TABLE "actions" (
    "committee" text NOT NULL,
    "meeting_date" date NOT NULL,
    "id" text NOT NULL,
    "title" text,
    "owner" text,
    "due" text,
    "status" text,
    "text" text,
    "closed" date,
    "classification" text,
    "public_summary" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("committee", "meeting_date", "id"),
    FOREIGN KEY ("committee", "meeting_date") REFERENCES "meetings" ("committee", "meeting_date")
);

CREATE TABLE "assurance_decisions" (
    "meeting_date" date NOT NULL,
    "id" text NOT NULL,
    "party" text,
    "assessment" text,
    "status" text,
    "condition" text,
    "classification" text,
    "public_summary" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("meeting_date", "id")
);

CREATE TABLE "director_letters" (
    "meeting_date" date NOT NULL,
    "id" text NOT NULL,
    "party" text,
    "outcome" text,
    "classification" text,
    "public_summary" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("meeting_date", "id")
);

CREATE TABLE "verification_assessments" (
    "meeting_date" date NOT NULL,
    "id" text NOT NULL,
    "party" text,
    "outcome" text,
    "classification" text,
    "public_summary" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("meeting_date", "id")
);

CREATE TABLE "risks" (
    "risk" text NOT NULL,
    "revision" bigint NOT NULL,
    "date" date,
    "title" text,
    "likelihood" bigint,
    "impact" bigint,
    "owner" text,
    "treatment" text,
    "review_date" date,
    "description" text,
    "classification" text,
    "public_summary" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("risk", "revision")
);

CREATE TABLE "milestones" (
    "id" text NOT NULL,
    "title" text,
    "planned" date,
    "actual" date,
    "classification" text,
    "public_summary" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("id")
);
