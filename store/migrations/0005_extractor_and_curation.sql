-- 0005: what produced the records, and the analyst's curation that outlasts a
-- re-extraction. A merged migration is never edited: add 0006_*.sql instead.

-- Every extractor that stored records in this database since its last full
-- re-extraction (`entente reextract` leaves one row). `dictionary` is the user
-- dictionary's fingerprint, '' without one. Times are UTC, ISO 8601.
CREATE TABLE extractor_versions (
    rules      TEXT NOT NULL,
    dictionary TEXT NOT NULL,
    first_used TEXT NOT NULL,
    last_used  TEXT NOT NULL,
    PRIMARY KEY (rules, dictionary)
) WITHOUT ROWID;

-- `entente merge`: two records found to be one, applied again (in id order) after every
-- re-extraction. Both sides are remembered by name and folded key, never by id: ids
-- change when records are rebuilt.
CREATE TABLE curated_merges (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('actor', 'organisation', 'initiative')),
    kept_name   TEXT NOT NULL,
    kept_key    TEXT NOT NULL,
    merged_name TEXT NOT NULL,
    merged_key  TEXT NOT NULL,
    created     TEXT NOT NULL
);

-- `entente remove document`: a retracted article, by the sha256 of its text, so that a
-- later ingest of the same text skips it (`entente restore document` forgets it).
CREATE TABLE removed_documents (
    sha256    TEXT PRIMARY KEY NOT NULL,
    title     TEXT,
    published TEXT,
    url       TEXT,
    removed   TEXT NOT NULL
) WITHOUT ROWID;
