-- A migration that cannot run: FeedbackDatabaseTest checks that it stops startup.
CREATE TABLE broken (id INTEGER PRIMARY KEY;
