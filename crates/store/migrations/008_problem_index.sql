-- 008: every write and every pulled op rebuilds the pages of the appeals reported as the
-- same problem (002 §38), found by walking `problem_id` down from an appeal. Without this
-- index each step of that walk read every head, so a journal's writes grew with its size
-- and a large sync slowed down faster than linearly (issue 16's benchmark).
CREATE INDEX appeal_versions_by_problem ON appeal_versions(problem_id);
