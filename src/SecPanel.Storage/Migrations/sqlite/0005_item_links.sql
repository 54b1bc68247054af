-- SecPanel schema 5 for SQLite: an item may carry links, put on words of its text in the paper
-- (items.csv column 'links': label=url entries separated by spaces). Existing items have none.

ALTER TABLE "items" ADD COLUMN "links" TEXT;
