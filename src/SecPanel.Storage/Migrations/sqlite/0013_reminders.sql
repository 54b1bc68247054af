-- SecPanel schema 13 for SQLite: the reminders and notices 'secpanel remind' sends by email, one row
-- per reminder and recipient, so that a run repeated, or killed and run again, sends nothing twice
-- and misses nothing. A row is 'sending' from just before the SMTP server is asked until it
-- accepts the message, then 'sent'; a run that finds one 'sending' sends it again, with the same
-- Message-Id.

CREATE TABLE "reminders" (
    "reminder" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "state" TEXT NOT NULL CHECK ("state" IN ('sending', 'sent')),
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT,
    "recorded_at" TEXT NOT NULL,
    "sent_at" TEXT,
    PRIMARY KEY ("reminder", "recipient")
);
