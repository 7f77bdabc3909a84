-- 0010: a mention's id is its document's id times 2^32 plus its place among the
-- document's mentions by span (`mention::id`), so the table itself holds each document's
-- mentions together and in order: "the mentions of document d" is the id range
-- [d * 2^32, d * 2^32 + 2^32 - 1], read by rowid. The `mentions_document` index, one
-- more B-tree insert for every mention (a fifteenth of the writer's time on the
-- development articles), is gone. Nothing refers to a mention's id.
-- The new ids (from 2^32 up) never meet the old ones (the row count at most), so one
-- UPDATE renumbers in place.
-- A merged migration is never edited: add 0011_*.sql instead.
UPDATE mentions SET id = numbered.id
  FROM (SELECT id AS old,
               document_id * 4294967296
               + row_number() OVER (PARTITION BY document_id
                                    ORDER BY span_start, span_end, id) - 1 AS id
          FROM mentions) AS numbered
 WHERE mentions.id = numbered.old;
DROP INDEX mentions_document;
