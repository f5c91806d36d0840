-- JWT ids already used, shared by every replica when cds.security.replay-store=database.
-- The key is the SHA-256 (hex) of "iss NUL jti", so any issuer or id length fits; a row may be
-- forgotten after forget_after (the token's exp plus the clock skew).
CREATE TABLE jwt_replay (
  token_key    VARCHAR(64) NOT NULL PRIMARY KEY,
  forget_after TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX jwt_replay_forget_after ON jwt_replay (forget_after);
