-- Moderator-curated answers, their aliases and the history of every change.
-- name_key / alias_key are the casefolded, space-normalised names (see codec.name_key):
-- uniqueness is case-insensitive per guild, and names and aliases share one namespace.

-- AUTOINCREMENT: ids are never reused, so history of a removed answer can
-- never be mistaken for history of a later answer.
CREATE TABLE curated_answers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key    TEXT NOT NULL,
    target_kind TEXT NOT NULL
                CHECK (target_kind IN ('risk', 'exception', 'profession', 'relationship', 'pattern')),
    target      TEXT NOT NULL,
    body        TEXT NOT NULL,
    author_id   INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    uses        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (guild_id, name_key)
);
CREATE INDEX curated_answers_by_target ON curated_answers (guild_id, target_kind, target);

CREATE TABLE answer_aliases (
    guild_id   INTEGER NOT NULL,
    alias      TEXT NOT NULL,
    alias_key  TEXT NOT NULL,
    answer_id  INTEGER NOT NULL REFERENCES curated_answers (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, alias_key)
);
CREATE INDEX answer_aliases_by_answer ON answer_aliases (answer_id);

-- No foreign key on answer_id: history outlives a removed answer.
CREATE TABLE answer_history (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    answer_id   INTEGER,
    answer_name TEXT NOT NULL,
    editor_id   INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('add', 'edit', 'remove', 'alias', 'unalias')),
    old_body    TEXT,
    new_body    TEXT,
    detail      TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX answer_history_by_answer ON answer_history (guild_id, answer_id, id);

-- Backstops for the checks the Python code makes first (also guard imports):
-- an alias belongs to an answer of the same guild, and never shadows a name.
CREATE TRIGGER answer_aliases_same_guild_insert BEFORE INSERT ON answer_aliases
WHEN NOT EXISTS (SELECT 1 FROM curated_answers WHERE id = NEW.answer_id AND guild_id = NEW.guild_id)
BEGIN
    SELECT RAISE(ABORT, 'alias must point to an answer of the same guild');
END;

CREATE TRIGGER answer_aliases_same_guild_update BEFORE UPDATE ON answer_aliases
WHEN NOT EXISTS (SELECT 1 FROM curated_answers WHERE id = NEW.answer_id AND guild_id = NEW.guild_id)
BEGIN
    SELECT RAISE(ABORT, 'alias must point to an answer of the same guild');
END;

CREATE TRIGGER answer_aliases_not_a_name_insert BEFORE INSERT ON answer_aliases
WHEN EXISTS (SELECT 1 FROM curated_answers WHERE guild_id = NEW.guild_id AND name_key = NEW.alias_key)
BEGIN
    SELECT RAISE(ABORT, 'alias is already the name of an answer in this guild');
END;

CREATE TRIGGER answer_aliases_not_a_name_update BEFORE UPDATE ON answer_aliases
WHEN EXISTS (SELECT 1 FROM curated_answers WHERE guild_id = NEW.guild_id AND name_key = NEW.alias_key)
BEGIN
    SELECT RAISE(ABORT, 'alias is already the name of an answer in this guild');
END;

CREATE TRIGGER curated_answers_not_an_alias_insert BEFORE INSERT ON curated_answers
WHEN EXISTS (SELECT 1 FROM answer_aliases WHERE guild_id = NEW.guild_id AND alias_key = NEW.name_key)
BEGIN
    SELECT RAISE(ABORT, 'name is already an alias in this guild');
END;

CREATE TRIGGER curated_answers_not_an_alias_update BEFORE UPDATE OF name_key, guild_id ON curated_answers
WHEN EXISTS (SELECT 1 FROM answer_aliases WHERE guild_id = NEW.guild_id AND alias_key = NEW.name_key)
BEGIN
    SELECT RAISE(ABORT, 'name is already an alias in this guild');
END;
