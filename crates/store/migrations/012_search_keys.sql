-- What callers say first (issue 19 item 5): the incident number's last digits and the
-- organisation's BIN/IIN are looked up through these indexes, not by reading the journal
-- row by row (the full number already has the UNIQUE index of `appeals.number`).
CREATE INDEX appeals_by_sequence ON appeals(sequence);
CREATE INDEX appeal_versions_by_bin_iin ON appeal_versions(bin_iin);
