-- The family-name-first lookup reads actors by first word *and* country: on a large
-- database thousands of actors share a first word ("john", "li"), and only those of a
-- family-name-first country (or any, when the incoming name's country is one) match.
DROP INDEX actors_first_word;
CREATE INDEX actors_first_word_country ON actors (first_word, country_code);
