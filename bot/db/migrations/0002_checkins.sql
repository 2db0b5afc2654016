-- Daily check-ins.

-- One row per server and local date. The row is written before the post is sent ('sending'), so a
-- process that dies in between is reconciled at start instead of posting twice.
CREATE TABLE checkin_posts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    local_date  TEXT    NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER,
    status      TEXT    NOT NULL CHECK (status IN ('sending', 'posted', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 1,
    question    TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    reminder_due_at   TEXT,
    reminders_sent_at TEXT,
    UNIQUE (guild_id, local_date)
);

-- One mood per member per server per local day; a second tap changes it.
CREATE TABLE checkins (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    local_date  TEXT    NOT NULL,
    mood        INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
    changes     INTEGER NOT NULL DEFAULT 0,  -- how often the member changed the day's mood
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, local_date)
);

CREATE TABLE checkin_notes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    local_date  TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    shared_at   TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX checkin_notes_member ON checkin_notes (guild_id, user_id);
CREATE INDEX checkin_notes_created ON checkin_notes (created_at);

-- A member stepping away: the days from start to end (inclusive) neither add to nor break a streak.
CREATE TABLE checkin_breaks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    start_date  TEXT    NOT NULL,
    end_date    TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX checkin_breaks_member ON checkin_breaks (guild_id, user_id);

CREATE TABLE checkin_reminder_optins (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
