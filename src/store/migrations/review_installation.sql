-- This data dir's identity: a random id minted once, so that secrets kept outside the data dir
-- (the system keychain is shared by every data dir of a user) are filed under it and two data
-- dirs never share an entry.
CREATE TABLE installation (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    id TEXT NOT NULL
);
