-- SecPanel schema 13 for PostgreSQL: the reminders and notices 'secpanel remind' sends by email, one row
-- per reminder and recipient, so that a run repeated, or killed and run again, sends nothing twice
-- and misses nothing. A row is 'sending' from just before the SMTP server is asked until it
-- accepts the message, then 'sent'; a run that finds one 'sending' sends it again, with the same
-- Message-Id.

CREATE TABLE "reminders" (
    "reminder" text NOT NULL,
    "recipient" text NOT NULL,
    "message_id" text NOT NULL,
    "state" text NOT NULL CHECK ("state" IN ('sending', 'sent')),
    "attempts" integer NOT NULL,
    "last_error" text,
    "recorded_at" text NOT NULL,
    "sent_at" text,
    PRIMARY KEY ("reminder", "recipient")
);
