-- 0001: the initial schema. A merged migration is never edited: add 0002_*.sql instead.
--
-- Conventions: ids are INTEGER PRIMARY KEY (rowid aliases, stable across reads);
-- `key` columns hold `entente_model::fold` of a name and are what merging looks up;
-- dates are ISO 8601 text (YYYY-MM-DD); spans are byte offsets into documents.text,
-- mentions also keep character offsets (Unicode scalar values).

-- Enumerations, one table each, spelled as the model's `as_str` spells them. Columns
-- point into them with foreign keys (cheap lookups on insert, unlike `CHECK (x IN ...)`,
-- which builds a temporary index per statement), and a new value is one INSERT in a
-- later migration.
CREATE TABLE organisation_kinds (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO organisation_kinds (name) VALUES ('intergovernmental'), ('government'),
    ('party'), ('armed_group'), ('company'), ('media'), ('other');
CREATE TABLE date_precisions (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO date_precisions (name) VALUES ('day'), ('week'), ('month'), ('year');
CREATE TABLE meeting_kinds (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO meeting_kinds (name) VALUES ('talks'), ('phone_call'), ('video_call'), ('visit'),
    ('working_lunch'), ('summit_meeting'), ('press_conference'), ('other');
CREATE TABLE meeting_statuses (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO meeting_statuses (name) VALUES ('held'), ('planned'), ('cancelled');
CREATE TABLE participant_roles (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO participant_roles (name) VALUES ('principal'), ('delegation');
CREATE TABLE statement_modes (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO statement_modes (name) VALUES ('direct'), ('indirect');

CREATE TABLE countries (
    code TEXT PRIMARY KEY NOT NULL, -- ISO 3166-1 alpha-3
    name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL,      -- lower-case hex sha256 of text: the identity
    external_id TEXT,
    title       TEXT,
    published   TEXT,               -- YYYY-MM-DD
    source      TEXT,
    url         TEXT,
    path        TEXT,
    text        TEXT NOT NULL       -- the normalised text every span indexes
);
CREATE UNIQUE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_external_id ON documents (external_id) WHERE external_id IS NOT NULL;

-- Persons. `word_set` is the sorted, deduplicated folded words of `name`, space-joined
-- ("erdogan recep tayyip"); `first_word`/`last_word` are the first and last folded words.
CREATE TABLE actors (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    key          TEXT NOT NULL,
    word_set     TEXT NOT NULL,
    first_word   TEXT NOT NULL,
    last_word    TEXT NOT NULL,
    country_code TEXT REFERENCES countries (code)
);
CREATE INDEX actors_key ON actors (key);
CREATE INDEX actors_word_set ON actors (word_set);
CREATE INDEX actors_first_word ON actors (first_word);
CREATE INDEX actors_last_word ON actors (last_word);

-- Every other surface form of an actor's name (never the canonical name).
CREATE TABLE actor_aliases (
    actor_id INTEGER NOT NULL REFERENCES actors (id),
    alias    TEXT NOT NULL,
    key      TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
) WITHOUT ROWID;
CREATE INDEX actor_aliases_key ON actor_aliases (key);

-- Titles in the order first seen (by id); one row per distinct title.
CREATE TABLE actor_titles (
    id           INTEGER PRIMARY KEY,
    actor_id     INTEGER NOT NULL REFERENCES actors (id),
    name         TEXT NOT NULL,
    country_code TEXT,
    organisation TEXT
);
CREATE UNIQUE INDEX actor_titles_distinct
    ON actor_titles (actor_id, name, ifnull(country_code, ''), ifnull(organisation, ''));

CREATE TABLE organisations (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    key          TEXT NOT NULL,
    acronym      TEXT,
    acronym_key  TEXT,
    kind         TEXT NOT NULL REFERENCES organisation_kinds (name),
    country_code TEXT REFERENCES countries (code)
);
CREATE INDEX organisations_key ON organisations (key);
CREATE INDEX organisations_acronym_key ON organisations (acronym_key) WHERE acronym_key IS NOT NULL;

CREATE TABLE organisation_aliases (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    alias           TEXT NOT NULL,
    key             TEXT NOT NULL,
    PRIMARY KEY (organisation_id, alias)
) WITHOUT ROWID;
CREATE INDEX organisation_aliases_key ON organisation_aliases (key);

CREATE TABLE initiatives (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    key          TEXT NOT NULL,
    sponsor_code TEXT REFERENCES countries (code)
);
CREATE INDEX initiatives_key ON initiatives (key);

CREATE TABLE initiative_aliases (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id),
    alias         TEXT NOT NULL,
    key           TEXT NOT NULL,
    PRIMARY KEY (initiative_id, alias)
) WITHOUT ROWID;
CREATE INDEX initiative_aliases_key ON initiative_aliases (key);

-- One occurrence of an entity in a document; exactly one of the entity columns is set,
-- the one `kind` (actor, organisation, initiative, country) names.
CREATE TABLE mentions (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents (id),
    kind            TEXT NOT NULL,
    actor_id        INTEGER REFERENCES actors (id),
    organisation_id INTEGER REFERENCES organisations (id),
    initiative_id   INTEGER REFERENCES initiatives (id),
    country_code    TEXT REFERENCES countries (code),
    surface         TEXT NOT NULL,
    span_start      INTEGER NOT NULL,
    span_end        INTEGER NOT NULL,
    char_start      INTEGER NOT NULL,
    char_end        INTEGER NOT NULL,
    CHECK ((actor_id IS NOT NULL) + (organisation_id IS NOT NULL)
         + (initiative_id IS NOT NULL) + (country_code IS NOT NULL) = 1),
    CHECK ((kind = 'actor' AND actor_id IS NOT NULL)
        OR (kind = 'organisation' AND organisation_id IS NOT NULL)
        OR (kind = 'initiative' AND initiative_id IS NOT NULL)
        OR (kind = 'country' AND country_code IS NOT NULL))
);
CREATE INDEX mentions_document ON mentions (document_id, span_start);
CREATE INDEX mentions_actor ON mentions (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX mentions_organisation ON mentions (organisation_id) WHERE organisation_id IS NOT NULL;
CREATE INDEX mentions_initiative ON mentions (initiative_id) WHERE initiative_id IS NOT NULL;
CREATE INDEX mentions_country ON mentions (country_code) WHERE country_code IS NOT NULL;

-- A meeting, possibly reported by several documents. `principals` is the sorted,
-- comma-joined ids of its principal participants: the merge key, with the date.
CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    principals     TEXT NOT NULL,
    date           TEXT,             -- YYYY-MM-DD, the first day of the period
    date_precision TEXT REFERENCES date_precisions (name),
    date_text      TEXT,
    venue          TEXT,
    city           TEXT,
    country_code   TEXT REFERENCES countries (code),
    occasion       TEXT,
    kind           TEXT NOT NULL REFERENCES meeting_kinds (name),
    status         TEXT NOT NULL REFERENCES meeting_statuses (name)
);
CREATE INDEX meetings_principals ON meetings (principals, date);

-- Participants in the order first reported (by id).
CREATE TABLE meeting_participants (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    actor_id   INTEGER NOT NULL REFERENCES actors (id),
    role       TEXT NOT NULL REFERENCES participant_roles (name),
    UNIQUE (meeting_id, actor_id)
);
CREATE INDEX meeting_participants_actor ON meeting_participants (actor_id);

CREATE TABLE meeting_documents (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    document_id INTEGER NOT NULL REFERENCES documents (id),
    PRIMARY KEY (meeting_id, document_id)
) WITHOUT ROWID;
CREATE INDEX meeting_documents_document ON meeting_documents (document_id);

CREATE TABLE meeting_evidence (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id),
    document_id    INTEGER NOT NULL REFERENCES documents (id),
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    text           TEXT NOT NULL,
    rule           TEXT NOT NULL
);
CREATE INDEX meeting_evidence_meeting ON meeting_evidence (meeting_id);

-- Statements are per document. Exactly one speaker column is set, the one
-- `speaker_kind` (actor, organisation, country) names.
CREATE TABLE statements (
    id                      INTEGER PRIMARY KEY,
    document_id             INTEGER NOT NULL REFERENCES documents (id),
    speaker_kind            TEXT NOT NULL,
    speaker_actor_id        INTEGER REFERENCES actors (id),
    speaker_organisation_id INTEGER REFERENCES organisations (id),
    speaker_country_code    TEXT REFERENCES countries (code),
    addressee_id            INTEGER REFERENCES actors (id),
    mode                    TEXT NOT NULL REFERENCES statement_modes (name),
    verb                    TEXT,
    text                    TEXT NOT NULL,
    date                    TEXT,
    date_precision          TEXT REFERENCES date_precisions (name),
    date_text               TEXT,
    meeting_id              INTEGER REFERENCES meetings (id),
    CHECK ((speaker_actor_id IS NOT NULL) + (speaker_organisation_id IS NOT NULL)
         + (speaker_country_code IS NOT NULL) = 1),
    CHECK ((speaker_kind = 'actor' AND speaker_actor_id IS NOT NULL)
        OR (speaker_kind = 'organisation' AND speaker_organisation_id IS NOT NULL)
        OR (speaker_kind = 'country' AND speaker_country_code IS NOT NULL))
);
CREATE INDEX statements_document ON statements (document_id);
CREATE INDEX statements_speaker_actor ON statements (speaker_actor_id) WHERE speaker_actor_id IS NOT NULL;
CREATE INDEX statements_meeting ON statements (meeting_id) WHERE meeting_id IS NOT NULL;

CREATE TABLE statement_initiatives (
    statement_id  INTEGER NOT NULL REFERENCES statements (id),
    position      INTEGER NOT NULL,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id),
    PRIMARY KEY (statement_id, position)
) WITHOUT ROWID;
CREATE INDEX statement_initiatives_initiative ON statement_initiatives (initiative_id);

CREATE TABLE statement_organisations (
    statement_id    INTEGER NOT NULL REFERENCES statements (id),
    position        INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (statement_id, position)
) WITHOUT ROWID;
CREATE INDEX statement_organisations_organisation ON statement_organisations (organisation_id);

CREATE TABLE statement_countries (
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    position     INTEGER NOT NULL,
    country_code TEXT NOT NULL REFERENCES countries (code),
    PRIMARY KEY (statement_id, position)
) WITHOUT ROWID;

CREATE TABLE statement_evidence (
    id             INTEGER PRIMARY KEY,
    statement_id   INTEGER NOT NULL REFERENCES statements (id),
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    text           TEXT NOT NULL,
    rule           TEXT NOT NULL
);
CREATE INDEX statement_evidence_statement ON statement_evidence (statement_id);

-- Full-text index of statement words (external content). The store inserts the row
-- itself right after each statement: an INSERT trigger would open a statement journal,
-- and FTS5 flushes its pending terms to disk at every such savepoint. Deleting or
-- changing a statement's text is kept in sync by the triggers.
CREATE VIRTUAL TABLE statements_fts USING fts5 (
    text,
    content = 'statements',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER statements_fts_update AFTER UPDATE OF text ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
END;
