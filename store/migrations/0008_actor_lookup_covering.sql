-- 0008: the surname lookup (`SURNAME_LOOKUP` in store/src/actor.rs) reads the word set,
-- first and last words and country of every actor sharing the incoming name's last (or
-- first) word; the writer runs it for the names of every batch. Its two indexes now
-- hold those columns, so each row is read from the index alone, without a seek into the
-- actors table per row (the White House corpus: 8% less writer time). They keep their
-- names and their leading columns, so every query that used them still does.
-- A merged migration is never edited: add 0009_*.sql instead.
DROP INDEX actors_last_word;
CREATE INDEX actors_last_word ON actors (last_word, word_set, first_word, country_code);
DROP INDEX actors_first_word_country;
CREATE INDEX actors_first_word_country
    ON actors (first_word, country_code, word_set, last_word);
