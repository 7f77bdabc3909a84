-- 0002: indexes for the query commands (`entente actors`, `meetings`, `statements`,
-- `documents`, `show ...`). A merged migration is never edited: add 0003_*.sql instead.

-- Filters by state.
CREATE INDEX actors_country ON actors (country_code) WHERE country_code IS NOT NULL;
CREATE INDEX organisations_country ON organisations (country_code) WHERE country_code IS NOT NULL;
CREATE INDEX initiatives_sponsor ON initiatives (sponsor_code) WHERE sponsor_code IS NOT NULL;

-- An entity's mentions with their documents: counting mentions and distinct documents,
-- and listing the documents that mention it, read only the index. Each replaces the
-- single-column index of 0001, so ingest maintains no more indexes than before.
DROP INDEX mentions_actor;
CREATE INDEX mentions_actor ON mentions (actor_id, document_id) WHERE actor_id IS NOT NULL;
DROP INDEX mentions_organisation;
CREATE INDEX mentions_organisation ON mentions (organisation_id, document_id)
    WHERE organisation_id IS NOT NULL;
DROP INDEX mentions_initiative;
CREATE INDEX mentions_initiative ON mentions (initiative_id, document_id)
    WHERE initiative_id IS NOT NULL;

-- Newest first, and date ranges.
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX documents_published ON documents (published);

-- Statements by an organisation (by an actor: `statements_speaker_actor` of 0001).
CREATE INDEX statements_speaker_organisation ON statements (speaker_organisation_id)
    WHERE speaker_organisation_id IS NOT NULL;
