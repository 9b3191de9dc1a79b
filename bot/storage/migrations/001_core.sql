-- Guild settings, scenario records and feedback.
-- Timestamps: ISO-8601 UTC text of fixed width (sorts as text). Ids: Discord snowflakes.

CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    moderator_role_id INTEGER,
    polls_enabled     INTEGER NOT NULL DEFAULT 0 CHECK (polls_enabled IN (0, 1)),
    cooldown_seconds  INTEGER NOT NULL DEFAULT 30 CHECK (cooldown_seconds >= 0),
    updated_at        TEXT NOT NULL
);

CREATE TABLE scenario_channels (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
) WITHOUT ROWID;

-- Privacy: ids, labels and times only. The post text is never stored.
CREATE TABLE scenarios (
    message_id       INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    channel_id       INTEGER NOT NULL,
    author_id        INTEGER NOT NULL,
    reply_message_id INTEGER UNIQUE,
    thread_id        INTEGER,
    intent           TEXT NOT NULL,
    profession_group TEXT,
    verdict          TEXT,
    risks            TEXT NOT NULL DEFAULT '',   -- comma-joined knowledge ids
    exceptions       TEXT NOT NULL DEFAULT '',
    facts            TEXT NOT NULL DEFAULT '{}', -- JSON object of clarifications
    confidence       REAL NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX scenarios_by_created ON scenarios (created_at);
CREATE INDEX scenarios_by_guild ON scenarios (guild_id);

-- One vote per user per post; follows the post, so deleting it deletes the votes.
CREATE TABLE feedback (
    message_id INTEGER NOT NULL REFERENCES scenarios (message_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
    at         TEXT NOT NULL,
    PRIMARY KEY (message_id, user_id)
) WITHOUT ROWID;
