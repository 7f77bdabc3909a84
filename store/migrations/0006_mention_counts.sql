-- 0006: how many mentions and documents each actor, organisation and initiative has.
-- The writer adds a batch's counts before it commits (and curation and re-extraction
-- count again), so listings ranked by mentions and the explorer's pages read an index
-- instead of counting millions of mentions.
ALTER TABLE actors ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN documents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN documents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE initiatives ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE initiatives ADD COLUMN documents INTEGER NOT NULL DEFAULT 0;
UPDATE actors SET mentions = c.n, documents = c.d
FROM (SELECT actor_id AS id, count(*) AS n, count(DISTINCT document_id) AS d
      FROM mentions WHERE actor_id IS NOT NULL GROUP BY actor_id) AS c
WHERE actors.id = c.id;
UPDATE organisations SET mentions = c.n, documents = c.d
FROM (SELECT organisation_id AS id, count(*) AS n, count(DISTINCT document_id) AS d
      FROM mentions WHERE organisation_id IS NOT NULL GROUP BY organisation_id) AS c
WHERE organisations.id = c.id;
UPDATE initiatives SET mentions = c.n, documents = c.d
FROM (SELECT initiative_id AS id, count(*) AS n, count(DISTINCT document_id) AS d
      FROM mentions WHERE initiative_id IS NOT NULL GROUP BY initiative_id) AS c
WHERE initiatives.id = c.id;
CREATE INDEX actors_rank ON actors (mentions DESC, id) WHERE mentions > 0;
CREATE INDEX organisations_rank ON organisations (mentions DESC, id) WHERE mentions > 0;
CREATE INDEX initiatives_rank ON initiatives (mentions DESC, id) WHERE mentions > 0;
