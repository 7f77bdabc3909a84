-- 0003: the same quote from the same speaker in several articles is one statement with
-- several sources. Each evidence row names the document it was read in (rows from
-- before this migration belong to their statement's document), and a statement is
-- found again by its speaker and words.
ALTER TABLE statement_evidence ADD COLUMN document_id INTEGER REFERENCES documents (id);
UPDATE statement_evidence SET document_id = (
    SELECT statements.document_id FROM statements WHERE statements.id = statement_evidence.statement_id
);
CREATE INDEX statement_evidence_document ON statement_evidence (document_id);
CREATE INDEX statements_speaker_text ON statements (speaker_actor_id, text)
    WHERE speaker_actor_id IS NOT NULL;
