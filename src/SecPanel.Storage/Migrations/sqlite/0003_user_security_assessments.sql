-- SecPanel schema 3 for SQLite: the rule table that says which User Security Assessment
-- a Party owes. Its conditions are its key (the first matching line decides, so the same
-- conditions twice would be meaningless); premises bounds are kept as text so that an empty
-- bound (unbounded) can be part of the key.

CREATE TABLE "user_security_assessments" (
    "role" TEXT NOT NULL,
    "shared_resource" TEXT NOT NULL,
    "min_domestic_premises" TEXT NOT NULL,
    "max_domestic_premises" TEXT NOT NULL,
    "cycle_year" TEXT NOT NULL,
    "assessment" TEXT,
    "note" TEXT,
    "row_position" INTEGER NOT NULL,
    "row_version" INTEGER NOT NULL,
    PRIMARY KEY ("role", "shared_resource", "min_domestic_premises", "max_domestic_premises", "cycle_year")
);
