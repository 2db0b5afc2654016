-- Core state: one settings row per server, bot-wide key/values, and channel problems seen at run time.
-- Times are UTC ISO 8601 text; local times of day are 'HH:MM' in the server's zone.

CREATE TABLE bot_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE guild_settings (
    guild_id            INTEGER PRIMARY KEY,
    timezone            TEXT    NOT NULL DEFAULT 'UTC',
    checkin_channel_id  INTEGER,
    checkin_time        TEXT,
    checkin_days        TEXT    NOT NULL DEFAULT 'mon,tue,wed,thu,fri,sat,sun',
    checkin_question    TEXT,
    reminder_hours      INTEGER NOT NULL DEFAULT 0,
    checkins_paused     INTEGER NOT NULL DEFAULT 0,
    story_channel_id    INTEGER,
    story_day           TEXT,
    story_time          TEXT,
    stories_paused      INTEGER NOT NULL DEFAULT 0,
    coach_role_id       INTEGER,
    alerts_channel_id   INTEGER,
    support_channel_id  INTEGER,
    escalate_after      INTEGER NOT NULL DEFAULT 10,
    coaches_paused      INTEGER NOT NULL DEFAULT 0,
    digest_time         TEXT,
    crisis_text         TEXT,
    retention_days      INTEGER NOT NULL DEFAULT 90,
    updated_at          TEXT    NOT NULL
);

-- What went wrong the last time the bot used a channel (deleted, permission removed), for /config show.
CREATE TABLE channel_problems (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    problem    TEXT    NOT NULL,
    seen_at    TEXT    NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
