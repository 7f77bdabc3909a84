-- 0007: the same quote from the same speaker (0003) is found through the first 32
-- characters of its text, then compared whole: index entries of a few dozen bytes
-- instead of whole quotes, so the index a writer updates in random order for every
-- statement stays small (the generated 20 MB corpus: 35k statements, 9 MB of quotes).
-- A merged migration is never edited: add 0008_*.sql instead.
DROP INDEX statements_speaker_text;
CREATE INDEX statements_speaker_text_prefix ON statements (speaker_actor_id, substr(text, 1, 32))
    WHERE speaker_actor_id IS NOT NULL;
