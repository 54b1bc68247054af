-- SecPanel schema 3 for PostgreSQL: the rule table that says which User Security Assessment
-- a Party owes. Its conditions are its key (the first matching line decides, so the same
-- conditions twice would be meaningless); premises bounds are kept as text so that an empty
-- bound (unbounded) can be part of the key.

CREATE TABLE "user_security_assessments" (
    "role" text NOT NULL,
    "shared_resource" text NOT NULL,
    "min_domestic_premises" text NOT NULL,
    "max_domestic_premises" text NOT NULL,
    "cycle_year" text NOT NULL,
    "assessment" text,
    "note" text,
    "row_position" bigint NOT NULL,
    "row_version" bigint NOT NULL,
    PRIMARY KEY ("role", "shared_resource", "min_domestic_premises", "max_domestic_premises", "cycle_year")
);
