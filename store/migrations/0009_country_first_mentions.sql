-- 0009: the country index holds one entry per country and document instead of one per
-- mention. Countries are two thirds of all mentions (the development articles name a
-- country 30 times each), and inserting each of them into `mentions_country` cost the
-- writer about a tenth of its time. `first_in_document` marks the first stored mention
-- of an entity in its document (by span); the country index covers only those rows, so
-- it still answers "which documents mention this country" from the index alone, and a
-- document's own mentions of a country are read along `mentions_document`.
-- Set for every kind; a curated merge of two actors can leave two first mentions of the
-- merged actor in one document, which no query relies on.
-- A merged migration is never edited: add 0010_*.sql instead.
ALTER TABLE mentions ADD COLUMN first_in_document INTEGER NOT NULL DEFAULT 0;
UPDATE mentions SET first_in_document = 1
 WHERE id IN (SELECT min(id) FROM mentions
               GROUP BY document_id, kind, actor_id, organisation_id, initiative_id,
                        country_code);
DROP INDEX mentions_country;
CREATE INDEX mentions_country ON mentions (country_code, document_id)
    WHERE country_code IS NOT NULL AND first_in_document = 1;
