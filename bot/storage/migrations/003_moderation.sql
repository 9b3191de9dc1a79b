-- Review inbox, moderator corrections, featured member answers and the audit log.

CREATE TABLE review_items (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    message_id  INTEGER NOT NULL REFERENCES scenarios (message_id) ON DELETE CASCADE,
    reason      TEXT NOT NULL CHECK (reason IN ('unsure', 'thumbs_down', 'reported')),
    reporter_id INTEGER,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    created_at  TEXT NOT NULL,
    closed_by   INTEGER,
    closed_at   TEXT,
    UNIQUE (message_id, reason)
);
CREATE INDEX review_items_queue ON review_items (guild_id, status, created_at, id);

-- Labels only; `text` only when a moderator typed an anonymised example.
-- message_id has no foreign key (a correction may outlive its post); the
-- trigger below unlinks it when the post's record is deleted.
CREATE TABLE corrections (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    message_id       INTEGER,
    intent           TEXT NOT NULL,
    profession_group TEXT,
    risks            TEXT NOT NULL DEFAULT '',
    exceptions       TEXT NOT NULL DEFAULT '',
    verdict          TEXT,
    text             TEXT,
    moderator_id     INTEGER NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX corrections_by_guild ON corrections (guild_id, id);
CREATE INDEX corrections_by_message ON corrections (message_id);

CREATE TRIGGER scenarios_unlink_corrections AFTER DELETE ON scenarios
BEGIN
    UPDATE corrections SET message_id = NULL WHERE message_id = OLD.message_id;
END;

CREATE TABLE featured_answers (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    thread_id        INTEGER NOT NULL,
    message_id       INTEGER NOT NULL,
    author_id        INTEGER NOT NULL,
    profession_group TEXT,
    risks            TEXT NOT NULL DEFAULT '',  -- sorted, distinct, comma-joined
    featured_by      INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (guild_id, message_id)
);
CREATE INDEX featured_answers_lookup ON featured_answers (guild_id, profession_group, risks, created_at);
CREATE INDEX featured_answers_by_thread ON featured_answers (guild_id, thread_id);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    actor_id INTEGER NOT NULL,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL
);
CREATE INDEX audit_log_by_guild ON audit_log (guild_id, id);
