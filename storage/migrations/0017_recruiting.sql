-- Recruiting sessions: a workshop where member organisations present their
-- open positions to young PhDs, with the job offers it presents.
ALTER TABLE workshops ADD COLUMN kind TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', 'recruiting'));

CREATE TABLE workshop_jobs (
	workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	PRIMARY KEY (workshop_id, job_id)
) WITHOUT ROWID;
CREATE INDEX workshop_jobs_job ON workshop_jobs (job_id);
