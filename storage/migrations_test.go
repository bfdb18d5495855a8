package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// openAt opens the database at path migrated up to version v only, as an
// older release of the bot would have left it.
func openAt(tb testing.TB, path string, v int) *DB {
	tb.Helper()
	db := &DB{path: path, Now: func() time.Time { return testNow }}
	var err error
	if db.write, err = sql.Open(driverName, dsn(path, "immediate", false)); err != nil {
		tb.Fatal(err)
	}
	db.write.SetMaxOpenConns(1)
	if db.read, err = sql.Open(driverName, dsn(path, "deferred", true)); err != nil {
		tb.Fatal(err)
	}
	if err := db.migrateTo(context.Background(), v); err != nil {
		db.Close()
		tb.Fatalf("migrate to %d: %v", v, err)
	}
	return db
}

func TestMigrationFiles(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations")
	}
	name := regexp.MustCompile(`^migrations/(\d{4})_[a-z0-9_]+\.sql$`)
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %d is version %d: versions must run 1, 2, 3… with no gap or repeat", i, m.version)
		}
		sub := name.FindStringSubmatch(m.name)
		if sub == nil {
			t.Errorf("migration file %q: want migrations/NNNN_name.sql", m.name)
			continue
		}
		if sub[1] != fmt.Sprintf("%04d", m.version) {
			t.Errorf("migration file %q parsed as version %d", m.name, m.version)
		}
		body, err := migrationFS.ReadFile(m.name)
		if err != nil {
			t.Fatal(err)
		}
		// Each migration runs inside the transaction applyMigration opens.
		if re := regexp.MustCompile(`(?im)^\s*(BEGIN|COMMIT|END)\b`); re.Match(body) {
			t.Errorf("%s manages its own transaction", path.Base(m.name))
		}
	}
}

// frozenSeeds[v] writes, in plain SQL, rows as the release at version v
// wrote them, into a database left at version v. The latest version is
// seeded through today's API (seedAPI), so a version needs a frozen seed as
// soon as a newer migration is added: write down, once, what seedAPI writes
// at that version, and never change it afterwards.
var frozenSeeds = map[int]func(ctx context.Context, tx *sql.Tx) error{
	1: seedV1,
	// Version 2 (reactions) wrote the same rows as version 1: seedAPI
	// records no reaction.
	2: seedV1,
	// Version 3 (scheduler): version 1's rows, plus a queued reminder, an
	// announcement, a recurring job's last run, an opt-out and feedback.
	3: seedV3,
	// Version 4 (Discord events): version 3's rows, plus a mirrored session.
	4: seedV4,
	// Version 5 (calendar feeds): version 4's rows, plus member 1's feed
	// token.
	5: seedV5,
	// Version 6 (jobs and matching): version 5's rows, plus what seedAPI
	// writes at version 6: Bob's job on #gis, its expiry warning, and
	// Alice, interested in #gis, told of it.
	6: seedV6,
	// Version 7 (privacy and links) wrote version 6's rows: seedAPI forgets
	// and links no one.
	7: seedV6,
	// Version 8 (forgotten reactions) wrote version 7's rows: seedAPI
	// forgets no one.
	8: seedV6,
	// Version 9 (Discord event interest) wrote version 8's rows: seedAPI
	// marks no interest on a Discord event.
	9: seedV6,
	// Version 10 (the Awards): version 9's rows, plus an edition, Bob's
	// nomination naming Alice, Alice on the jury.
	10: seedV10,
	// Version 11 (outcomes): version 10's rows, plus Alice's outcome
	// naming IGN, not yet agreed.
	11: seedV11,
	// Version 12 (date order): version 11's rows, Bob writing dates month
	// first.
	12: seedV12,
	// Version 13 (partners): version 12's rows, the workshop co-organised
	// with Latitudes.
	13: seedV13,
	// Version 14 (pay): version 13's rows, the offer's pay range and PhD
	// fields.
	14: seedV14,
	// Version 15 (secrets) wrote version 14's rows: the bot's own key is
	// written by the migration itself.
	15: seedV14,
	// Version 16 (opportunities): version 15's rows, Alice open to
	// opportunities.
	16: seedV16,
	// Version 17 (recruiting): version 16's rows, the workshop presenting
	// Bob's offer.
	17: seedV17,
	// Version 18 (trainings): version 17's rows, a video Alice finished,
	// which gave her a method.
	18: seedV18,
	// Version 19 (organisation history): version 18's rows, Alice with
	// CNRS since her profile was set.
	19: seedV19,
	// Version 20 (skills): version 19's rows, Alice surer of causal
	// inference after the video, and the 30-day question queued.
	20: seedV20,
	// Version 21 (series): version 20's rows, Bob's reading group meeting
	// three Tuesdays at 18:00, Paris time.
	21: seedV21,
	// Version 22 (withdrawn problems) wrote version 21's rows: nobody was
	// forgotten.
	22: seedV21,
	// Version 23 (attendance) wrote version 21's rows: nobody's attendance
	// was recorded.
	23: seedV21,
	// Version 24 (training reminders) wrote version 21's rows: Alice
	// finished her module without enrolling first.
	24: seedV21,
	// Version 25 (HR contacts) wrote version 21's rows.
	25: seedV21,
	// Version 26 (tracks) wrote version 21's rows: seedAPI starts no track.
	26: seedV21,
	// Version 27 (chapters) wrote version 21's rows: seedAPI sets no
	// chapter.
	27: seedV21,
	// Version 28 (session members): version 21's rows, Alice seated in
	// the reading group's first session only (her reminders left out).
	28: seedV28,
	// Version 29 (organisation staff and consents) wrote version 28's rows:
	// seedAPI names no organisation staff and records no consent.
	29: seedV28,
	// Version 30 (workshop threads) wrote version 28's rows: seedAPI posts
	// no card in a workshops channel.
	30: seedV28,
	// Version 31 (session line peak) wrote version 28's rows.
	31: seedV28,
	// Version 32 (the session_seats view) wrote version 28's rows.
	32: seedV28,
}

func seedV28(ctx context.Context, tx *sql.Tx) error {
	if err := seedV21(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO session_members (session_id, workshop_id, member_id, state, joined_at)
		SELECT MIN(id), 2, 1, 'joined', ? FROM sessions WHERE workshop_id = 2`, unix(testNow))
	return err
}

func seedV21(ctx context.Context, tx *sql.Tx) error {
	if err := seedV20(ctx, tx); err != nil {
		return err
	}
	now := unix(testNow)
	first := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	if _, err := tx.ExecContext(ctx, `INSERT INTO workshops (id, title, description, host_id, capacity, status, created_at, updated_at)
		VALUES (2, 'Groupe de lecture', '', 2, 0, 'open', ?1, ?1)`, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO series (id, workshop_id, freq, interval_n, weekday, nth, hour, minute, zone, first_at, count,
		duration_min, place, generated_until, created_at) VALUES (1, 2, 'weekly', 1, 2, 0, 18, 0, 'Europe/Paris', ?1, 3, 120, 'Salle 2', ?2, ?3)`,
		unix(first), unix(testNow.Add(SeriesHorizon)), now); err != nil {
		return err
	}
	for k := range 3 {
		start := unix(first.AddDate(0, 0, 7*k))
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (workshop_id, starts_at, duration_min, place, series_id, occurrence, created_at)
			VALUES (2, ?1, 120, 'Salle 2', 1, ?1, ?2)`, start, now); err != nil {
			return err
		}
	}
	return nil
}

func seedV20(ctx context.Context, tx *sql.Tx) error {
	if err := seedV19(ctx, tx); err != nil {
		return err
	}
	now, due := unix(testNow), unix(testNow.Add(ReuseAfter))
	for _, q := range []string{
		`INSERT INTO skill_answers (member_id, source, source_id, tag, before, now, added, organisation, created_at, updated_at)
			VALUES (1, 'training', 1, 'causal', 2, 3, 0, 'CNRS', :now, :now)`,
		`INSERT INTO skill_reuse (member_id, source, source_id, asked_at, organisation) VALUES (1, 'training', 1, :due, 'CNRS')`,
		`INSERT INTO outbox (key, kind, args, member_id, platform, workspace, user_id, planned_at, due_at, expires_at, created_at)
			VALUES ('skill_reuse:member=1:training=1:to=slack/T1/U1', 'skill_reuse', '{"source":"training","source_id":1}', 1,
			'slack', 'T1', 'U1', :due, :due, :due + 604800, :now)`,
	} {
		if _, err := tx.ExecContext(ctx, q, sql.Named("now", now), sql.Named("due", due)); err != nil {
			return err
		}
	}
	return nil
}

func seedV19(ctx context.Context, tx *sql.Tx) error {
	if err := seedV18(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO member_orgs (member_id, since, organisation, source, created_at) VALUES (1, ?1, 'CNRS', 'member', ?1)`, unix(testNow))
	return err
}

func seedV18(ctx context.Context, tx *sql.Tx) error {
	if err := seedV17(ctx, tx); err != nil {
		return err
	}
	for _, q := range []string{
		`INSERT INTO trainings (id, title, kind, provider, language, minutes, url, created_at, updated_at)
			VALUES (1, 'Inférence causale en 10 minutes', 'video', 'Université', 'fr', 10, 'https://u.example/causal', 1, 1)`,
		`INSERT INTO training_tags (training_id, tag) VALUES (1, 'causal')`,
		`INSERT INTO trainings_fts (docid, title, provider, tags) VALUES (1, 'Inférence causale en 10 minutes', 'Université', 'causal')`,
		`INSERT INTO training_members (member_id, training_id, enrolled_at, done_at, gave) VALUES (1, 1, 1, 1, 'method')`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func seedV17(ctx context.Context, tx *sql.Tx) error {
	if err := seedV16(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO workshop_jobs (workshop_id, job_id, position) VALUES (1, 1, 1)`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE workshops SET kind = 'recruiting' WHERE id = 1`)
	return err
}

func seedV16(ctx context.Context, tx *sql.Tx) error {
	if err := seedV14(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO opportunity_openings (member_id, until, created_at) VALUES (1, ?, ?)`,
		unix(testNow.Add(OpenToOpportunitiesFor)), unix(testNow))
	return err
}

func seedV14(ctx context.Context, tx *sql.Tx) error {
	if err := seedV13(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE jobs SET pay_min = 38000, pay_max = 42000, pay_currency = 'EUR', pay_period = 'year', discipline = 'géomatique' WHERE id = 1`)
	return err
}

func seedV13(ctx context.Context, tx *sql.Tx) error {
	if err := seedV12(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO workshop_partners (workshop_id, position, name) VALUES (1, 1, 'Latitudes')`)
	return err
}

func seedV12(ctx context.Context, tx *sql.Tx) error {
	if err := seedV11(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE members SET date_order = 'mdy' WHERE id = 2`)
	return err
}

func seedV11(ctx context.Context, tx *sql.Tx) error {
	if err := seedV10(ctx, tx); err != nil {
		return err
	}
	for _, q := range []string{
		`INSERT INTO outcomes (id, workshop_id, kind, text, link, created_at, published_at) VALUES (1, 1, 'collaboration', 'Thèse commune', '', :now, NULL)`,
		`INSERT INTO outcome_authors (outcome_id, member_id) VALUES (1, 1)`,
		`INSERT INTO outcome_orgs (outcome_id, organisation, agreed_at) VALUES (1, 'IGN', NULL)`,
	} {
		if _, err := tx.ExecContext(ctx, q, sql.Named("now", unix(testNow))); err != nil {
			return err
		}
	}
	return nil
}

func seedV10(ctx context.Context, tx *sql.Tx) error {
	if err := seedV6(ctx, tx); err != nil {
		return err
	}
	now := unix(testNow)
	for _, q := range []string{
		`INSERT INTO award_editions (id, name, opens_at, closes_at, results_at, community_prize, created_at) VALUES (1, 'Prix 2027', :now, :now + 172800, :now + 345600, 0, :now)`,
		`INSERT INTO award_categories (id, edition_id, position, name_en, name_fr) VALUES (1, 1, 1, 'Boldest', 'Plus audacieux')`,
		`INSERT INTO award_criteria (edition_id, position, name_en, name_fr) VALUES (1, 1, 'Impact', 'Impact')`,
		`INSERT INTO award_nominations (id, edition_id, kind, title, pitch, organisation, project_key, created_at, updated_at)
			VALUES (1, 1, 'project', 'Cartes', 'Des cartes', 'IGN', 'cartes', :now, :now)`,
		`INSERT INTO award_people (nomination_id, member_id, role) VALUES (1, 2, 'nominator'), (1, 1, 'team')`,
		`INSERT INTO award_entries (nomination_id, category_id, project_key) VALUES (1, 1, 'cartes')`,
		`INSERT INTO award_jurors (edition_id, member_id) VALUES (1, 1)`,
	} {
		if _, err := tx.ExecContext(ctx, q, sql.Named("now", now)); err != nil {
			return err
		}
	}
	return nil
}

func seedV4(ctx context.Context, tx *sql.Tx) error {
	if err := seedV3(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO discord_events (guild_id, session_id, workshop_id, event_id, signature, updated_at)
		VALUES ('G1', 1, 1, '900', 'sig', ?)`, unix(testNow))
	return err
}

func seedV5(ctx context.Context, tx *sql.Tx) error {
	if err := seedV4(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO calendar_tokens (member_id, token, created_at) VALUES (1, 'K7Q2XW4M9TBN3VJ5RD8HCF6PLY', ?)`, unix(testNow))
	return err
}

func seedV6(ctx context.Context, tx *sql.Tx) error {
	if err := seedV5(ctx, tx); err != nil {
		return err
	}
	now := unix(testNow)
	expires := now + 30*86400
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return err
	}
	day := unix(time.Date(2026, 11, 27, 0, 0, 0, 0, paris))
	for _, q := range []string{
		`INSERT INTO jobs (id, poster_id, title, organisation, contract, level, location, remote, apply_url, status, expires_at, created_at, updated_at)
			VALUES (1, 2, 'Ingénieur SIG', 'IGN', 'fixed_term', 'phd', 'Saint-Mandé', 1, 'https://ign.example/jobs/1', 'open', :expires, :now, :now)`,
		`INSERT INTO job_tags (job_id, tag) VALUES (1, 'gis')`,
		`INSERT INTO outbox (key, kind, args, member_id, platform, workspace, user_id, planned_at, due_at, expires_at, created_at)
			VALUES ('job_expiring:job=1:expires=' || :expires || ':to=discord/G1/D2', 'job_expiring', '{"start":' || :expires || ',"job":1}',
			2, 'discord', 'G1', 'D2', :expires - 3 * 86400, :expires - 3 * 86400, :expires, :now)`,
		`INSERT INTO match_events (kind, entity_id, matched, created_at) VALUES ('job', 1, 1, :now)`,
		`INSERT INTO match_items (member_id, day, kind, entity_id, overlap, created_at) VALUES (1, :day, 'job', 1, 1, :now)`,
		`INSERT INTO outbox (key, kind, args, member_id, platform, workspace, user_id, planned_at, due_at, expires_at, created_at)
			VALUES ('match:member=1:day=2026-11-27:to=slack/T1/U1', 'match', '{"since":' || :day || '}',
			1, 'slack', 'T1', 'U1', :now + 300, :now + 300, :now + 300 + 3 * 86400, :now)`,
	} {
		if _, err := tx.ExecContext(ctx, q, sql.Named("now", now), sql.Named("expires", expires), sql.Named("day", day)); err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(q)[2], err)
		}
	}
	return nil
}

// seedV3 is what version 3 (the scheduler) wrote: version 1's rows, plus a
// queued reminder, an announcement, a recurring job's last run, an opt-out
// and feedback.
func seedV3(ctx context.Context, tx *sql.Tx) error {
	if err := seedV1(ctx, tx); err != nil {
		return err
	}
	now, start := unix(testNow), unix(testNow.Add(24*time.Hour))
	for _, q := range []string{
		`INSERT INTO outbox (id, key, kind, args, member_id, platform, workspace, user_id, session_id, workshop_id, planned_at, due_at, expires_at, created_at)
			VALUES (1, 'reminder:session=1:seq=0:offset=1h:member=1:to=slack/T1/U1', 'reminder', '{"offset":"1h","start":' || :start || '}',
			1, 'slack', 'T1', 'U1', 1, 1, :start - 3600, :start - 3600, :start, :now)`,
		`INSERT INTO announcements (id, author_id, spec, targets, text, created_at, updated_at) VALUES
			(1, 2, '0 9 * * MON', 'announcements', 'Weekly office hours', :now, :now)`,
		`INSERT INTO job_runs (name, last_run_at) VALUES ('digest', :now)`,
		`INSERT INTO reminder_optouts (member_id, created_at) VALUES (2, :now)`,
		`INSERT INTO session_feedback (session_id, member_id, score, comment, created_at, updated_at) VALUES (1, 1, 5, 'Clear', :now, :now)`,
	} {
		if _, err := tx.ExecContext(ctx, q, sql.Named("now", now), sql.Named("start", start)); err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(q)[2], err)
		}
	}
	return nil
}

// seedV1 is what seedAPI wrote at version 1, with a search run between the
// two problems (problem 1 is in the full-text index, problem 2 not yet).
func seedV1(ctx context.Context, tx *sql.Tx) error {
	{
		now, start := unix(testNow), unix(testNow.Add(24*time.Hour))
		for _, q := range []string{
			`INSERT INTO members (id, display_name, organisation, role, language, timezone, created_at) VALUES
				(1, 'Alice', 'CNRS', 'researcher', 'fr', 'Europe/Paris', :now), (2, 'Bob', '', 'member', '', '', :now)`,
			`INSERT INTO identities (platform, workspace, user_id, member_id) VALUES ('slack', 'T1', 'U1', 1), ('discord', 'G1', 'D2', 2)`,
			`INSERT INTO member_interests (member_id, tag) VALUES (1, 'gis'), (1, 'python')`,
			`INSERT INTO problems (id, author_id, title, description, status, created_at, updated_at) VALUES
				(1, 1, 'Données géographiques', 'Projections', 'workshop', :now, :now),
				(2, 2, 'Tuiles vectorielles', 'MBTiles', 'open', :now, :now)`,
			`INSERT INTO problem_tags (problem_id, tag) VALUES (1, 'gis'), (2, 'gis')`,
			`INSERT INTO problems_fts (docid, title, description, tags) VALUES (1, 'Données géographiques', 'Projections', 'gis')`,
			`UPDATE fts_cursor SET last_id = 1 WHERE name = 'problems'`,
			`INSERT INTO problem_interest (problem_id, member_id, kind, created_at) VALUES (1, 2, 'can_help', :now)`,
			`INSERT INTO workshops (id, title, description, host_id, problem_id, capacity, status, created_at, updated_at) VALUES
				(1, 'QGIS', 'Projections', 2, 1, 1, 'open', :now, :now)`,
			`INSERT INTO workshop_tags (workshop_id, tag) VALUES (1, 'gis')`,
			`INSERT INTO participants (id, workshop_id, member_id, state, joined_at) VALUES (1, 1, 1, 'joined', :now), (2, 1, 2, 'waitlisted', :now)`,
			`INSERT INTO sessions (id, workshop_id, starts_at, duration_min, place, created_at) VALUES (1, 1, :start, 90, 'Salle 2', :now)`,
			`INSERT INTO message_refs (platform, channel, message_id, kind, entity_id, created_at) VALUES ('slack', 'C1', '1.1', 'workshop', 1, :now)`,
		} {
			if _, err := tx.ExecContext(ctx, q, sql.Named("now", now), sql.Named("start", start)); err != nil {
				return fmt.Errorf("%s: %w", strings.Fields(q)[2], err)
			}
		}
		return nil
	}
}

// seedAPI writes, through today's API, the rows that the checks after an
// upgrade expect.
func seedAPI(t *testing.T, db *DB) {
	t.Helper()
	ctx := t.Context()
	alice := mustMember(t, db, "U1", "Alice")
	bob, err := db.ResolveMember(ctx, Identity{Platform: "discord", Workspace: "G1", UserID: "D2"}, "Bob", false, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateMember(ctx, alice.ID, MemberUpdate{Organisation: ptr("CNRS"), Role: ptr(RoleResearcher),
		Language: ptr("fr"), Timezone: ptr("Europe/Paris")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddInterests(ctx, alice.ID, []string{"gis", "python"}); err != nil {
		t.Fatal(err)
	}
	p := Problem{AuthorID: alice.ID, Title: "Données géographiques", Description: "Projections", Tags: []string{"gis"}}
	if err := db.CreateProblem(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetInterest(ctx, p.ID, bob.ID, InterestCanHelp); err != nil {
		t.Fatal(err)
	}
	w := Workshop{HostID: bob.ID, ProblemID: p.ID, Title: "QGIS", Capacity: 1}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{alice.ID, bob.ID} {
		if _, err := db.Join(ctx, w.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	s := Session{WorkshopID: w.ID, Start: testNow.Add(24 * time.Hour), Duration: 90 * time.Minute, Place: "Salle 2"}
	if err := db.AddSession(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMessageRef(ctx, MessageRef{Platform: "slack", Channel: "C1", MessageID: "1.1", Kind: KindWorkshop, EntityID: w.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SearchProblems(ctx, "geographiques", 0); err != nil {
		t.Fatal(err)
	}
	p2 := Problem{AuthorID: bob.ID, Title: "Tuiles vectorielles", Description: "MBTiles", Tags: []string{"gis"}}
	if err := db.CreateProblem(ctx, &p2); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CalendarToken(ctx, alice.ID); err != nil {
		t.Fatal(err)
	}
	j := Job{PosterID: bob.ID, Title: "Ingénieur SIG", Organisation: "IGN", Contract: ContractFixedTerm, Level: LevelPhD,
		Location: "Saint-Mandé", Remote: true, ApplyURL: "https://ign.example/jobs/1", Tags: []string{"gis"},
		// Version 14 (pay): the offer's pay range and PhD fields.
		Pay: Pay{Min: 38000, Max: 42000, Currency: "EUR", Period: PayYear}, Discipline: "géomatique"}
	if n, err := db.CreateJob(ctx, &j, nil); err != nil || n != 1 {
		t.Fatalf("create job: %d matched, %v", n, err)
	}
	// Version 10 (the Awards): an edition, Bob's nomination naming
	// Alice, Alice on the jury.
	e := Edition{Name: "Prix 2027", OpensAt: testNow, ClosesAt: testNow.Add(48 * time.Hour), ResultsAt: testNow.Add(96 * time.Hour),
		Categories: []Category{{NameEN: "Boldest", NameFR: "Plus audacieux"}}, Criteria: []Criterion{{NameEN: "Impact", NameFR: "Impact"}}}
	if err := db.CreateEdition(ctx, &e, []Address{{Platform: "slack", Channel: "C1"}}); err != nil {
		t.Fatal(err)
	}
	nom := Nomination{EditionID: e.ID, Title: "Cartes", Pitch: "Des cartes", Organisation: "IGN", Categories: []int{1},
		NominatorID: bob.ID, Team: []TeamMember{{MemberID: alice.ID}}}
	if err := db.Nominate(ctx, &nom); err != nil {
		t.Fatal(err)
	}
	if err := db.SetJuror(ctx, e.ID, alice.ID, true); err != nil {
		t.Fatal(err)
	}
	// Version 11 (outcomes): Alice says the workshop led to a
	// collaboration with IGN.
	if _, err := db.RecordOutcome(ctx, Outcome{WorkshopID: w.ID, Kind: OutcomeCollaboration, Text: "Thèse commune", Orgs: []OutcomeOrg{{Name: "IGN"}}}, alice); err != nil {
		t.Fatal(err)
	}
	// Version 12 (date order): Bob writes dates month first.
	if _, err := db.UpdateMember(ctx, bob.ID, MemberUpdate{DateOrder: ptr("mdy")}); err != nil {
		t.Fatal(err)
	}
	// Version 17 (recruiting): the workshop presents Bob's offer.
	if _, err := db.SetRecruiting(ctx, w.ID, []int64{j.ID}); err != nil {
		t.Fatal(err)
	}
	// Version 16 (opportunities): Alice is open to opportunities.
	if _, err := db.SetOpenToOpportunities(ctx, alice.ID, true); err != nil {
		t.Fatal(err)
	}
	// Version 13 (partners): the workshop is co-organised with Latitudes.
	if _, err := db.SetPartners(ctx, w.ID, []string{"Latitudes"}); err != nil {
		t.Fatal(err)
	}
	// Version 18 (trainings): a video Alice finished, which gave her a
	// method.
	tr := Training{Title: "Inférence causale en 10 minutes", Kind: TrainingVideo, Provider: "Université", Language: "fr",
		Minutes: 10, URL: "https://u.example/causal", Tags: []string{"causal"}}
	if err := db.CreateTraining(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MarkTrainingDone(ctx, alice.ID, tr.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetTrainingGain(ctx, alice.ID, tr.ID, "method"); err != nil {
		t.Fatal(err)
	}
	// Version 20 (skills): Alice felt surer of causal inference after the
	// video, which queued the 30-day question.
	if asked, err := db.RecordSkill(ctx, alice.ID, SkillTraining, tr.ID, "causal", 2, 3); err != nil || !asked {
		t.Fatalf("record skill: asked %v, %v", asked, err)
	}
	// Version 21 (series): a reading group meets three Tuesdays at
	// 18:00, Paris time.
	rg := Workshop{HostID: bob.ID, Title: "Groupe de lecture", Capacity: 0}
	if err := db.CreateWorkshop(ctx, &rg); err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 12, 1, 18, 0, 0, 0, mustZone(t, "Europe/Paris"))
	for first.Before(testNow) {
		first = first.AddDate(0, 0, 7)
	}
	if made, err := db.CreateSeries(ctx, &Series{WorkshopID: rg.ID, Freq: SeriesWeekly, Interval: 1, Weekday: time.Tuesday,
		Hour: 18, Zone: "Europe/Paris", First: first, Count: 3, Duration: 2 * time.Hour, Place: "Salle 2"}); err != nil || len(made) != 3 {
		t.Fatalf("create series: %d sessions, %v", len(made), err)
	}
	// Version 28 (session members): Alice joins the reading group's
	// first session only.
	if made, err := db.SeriesOf(ctx, rg.ID); err != nil || len(made) != 1 {
		t.Fatalf("series of the reading group: %v, %v", made, err)
	}
	rgw, err := db.Workshop(ctx, rg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.JoinSession(ctx, rg.ID, rgw.Sessions[0].ID, alice.ID); err != nil {
		t.Fatal(err)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestMigrateFromEveryVersion builds a database at each version, with rows,
// then opens it with today's code: it must reach the latest version with
// every row intact and readable through the API. From the latest version
// it checks that reopening applies nothing twice and loses nothing.
func TestMigrateFromEveryVersion(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	latest := ms[len(ms)-1].version
	for _, m := range ms {
		t.Run(fmt.Sprintf("from version %d", m.version), func(t *testing.T) {
			ctx := t.Context()
			file := filepath.Join(t.TempDir(), "old.db")
			old := openAt(t, file, m.version)
			v, err := old.Version(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if v != m.version {
				t.Fatalf("built at version %d, want %d", v, m.version)
			}
			if m.version == latest {
				if err := old.Close(); err != nil {
					t.Fatal(err)
				}
				if old, err = Open(ctx, file); err != nil {
					t.Fatal(err)
				}
				setNow(old, testNow)
				seedAPI(t, old)
			} else {
				seed := frozenSeeds[m.version]
				if seed == nil {
					t.Fatalf("no frozen seed for version %d: add one to frozenSeeds", m.version)
				}
				tx, err := old.write.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := seed(ctx, tx); err != nil {
					tx.Rollback()
					t.Fatalf("seed %d: %v", m.version, err)
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}
			before := mustCounts(t, old)
			if err := old.Close(); err != nil {
				t.Fatal(err)
			}

			db, err := Open(ctx, file)
			if err != nil {
				t.Fatalf("upgrade from version %d: %v", m.version, err)
			}
			defer db.Close()
			setNow(db, testNow)
			if v, err := db.Version(ctx); err != nil || v != latest {
				t.Fatalf("after upgrade: version %d (%v), want %d", v, err, latest)
			}
			after := mustCounts(t, db)
			if after["schema_migrations"] != len(ms) {
				t.Errorf("schema_migrations has %d rows, want %d", after["schema_migrations"], len(ms))
			}
			for table, n := range before {
				if table == "schema_migrations" {
					continue
				}
				if after[table] != n {
					t.Errorf("%s: %d rows before the upgrade, %d after", table, n, after[table])
				}
			}
			if before["members"] == 0 || before["problems"] == 0 || before["participants"] == 0 {
				t.Fatalf("seed wrote nothing: %v", before)
			}
			// Version 7 rebuilt older workshops' waitlist peak (Bob waited
			// for Alice's seat); newer ones count it as members queue.
			var peak int
			if err := db.read.QueryRowContext(ctx, `SELECT waitlist_peak FROM workshops WHERE id = 1`).Scan(&peak); err != nil || peak != 1 {
				t.Errorf("waitlist peak of workshop 1 = %d, %v; want 1", peak, err)
			}

			// The old rows read back through today's API.
			alice, err := db.ResolveMember(ctx, slack("U1"), "", false, "")
			if err != nil {
				t.Fatal(err)
			}
			// Members from before chapters belong to none: the community's
			// defaults, as before.
			if alice.ID != 1 || alice.DisplayName != "Alice" || alice.Role != RoleResearcher || alice.Timezone != "Europe/Paris" || alice.Chapter != "" ||
				!reflect.DeepEqual(alice.Interests, []string{"gis", "python"}) {
				t.Errorf("member 1 = %+v", alice)
			}
			p, err := db.Problem(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != "Données géographiques" || p.Status != ProblemWorkshop || p.CanHelp != 1 ||
				!reflect.DeepEqual(p.CanHelpNames, []string{"Bob"}) || !reflect.DeepEqual(p.WorkshopIDs, []int64{1}) {
				t.Errorf("problem 1 = %+v", p)
			}
			for _, q := range []struct {
				words string
				want  []string
			}{
				{"geographiques", []string{"Données géographiques"}},
				{"vectorielles", []string{"Tuiles vectorielles"}},
				{"gis", []string{"Tuiles vectorielles", "Données géographiques"}},
			} {
				found, err := db.SearchProblems(ctx, q.words, 0)
				if err != nil || !reflect.DeepEqual(titles(found), q.want) {
					t.Errorf("search %q after upgrade = %q, %v; want %q", q.words, titles(found), err, q.want)
				}
			}
			if list, err := db.ListProblems(ctx, ProblemFilter{Tag: "gis"}); err != nil || !reflect.DeepEqual(titles(list), []string{"Tuiles vectorielles", "Données géographiques"}) {
				t.Errorf("list after upgrade = %q, %v", titles(list), err)
			}
			w, err := db.Workshop(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if w.Joined != 1 || w.Waitlisted != 1 || len(w.Sessions) != 1 || w.NextSession.Place != "Salle 2" ||
				!reflect.DeepEqual(w.Tags, []string{"gis"}) {
				t.Errorf("workshop 1 = %+v", w)
			}
			if before["workshop_partners"] > 0 && !reflect.DeepEqual(w.Partners, []string{"Latitudes"}) {
				t.Errorf("workshop 1 partners = %q", w.Partners)
			}
			if ref, err := db.FindMessageRef(ctx, "slack", "C1", "1.1"); err != nil || ref.EntityID != 1 || ref.Kind != KindWorkshop {
				t.Errorf("message ref = %+v, %v", ref, err)
			}
			if before["jobs"] > 0 {
				j, err := db.Job(ctx, 1)
				if err != nil || j.Title != "Ingénieur SIG" || !j.Remote || !reflect.DeepEqual(j.Tags, []string{"gis"}) || !j.Listed(testNow) {
					t.Errorf("job 1 = %+v, %v", j, err)
				}
				// Offers from before version 14 have no pay; none is invented.
				if wantPay := m.version >= 14; wantPay != j.Pay.Given() || (wantPay && j.Discipline != "géomatique") {
					t.Errorf("job 1 pay %+v, discipline %q", j.Pay, j.Discipline)
				}
				if found, err := db.SearchJobs(ctx, "ingenieur", 0); err != nil || len(found) != 1 {
					t.Errorf("job search after upgrade = %+v, %v", found, err)
				}
				d, err := db.MatchDigest(ctx, 1, time.Date(2026, 11, 27, 0, 0, 0, 0, mustLoc(t, "Europe/Paris")))
				if err != nil || len(d.Items) != 1 || d.Items[0].Job.ID != 1 {
					t.Errorf("Alice's match message = %+v, %v", d, err)
				}
			}
			// Jobs post and match on the upgraded database, for whichever
			// version it came from.
			if _, err := db.AddInterests(ctx, 2, []string{"hpc"}); err != nil {
				t.Fatal(err)
			}
			nj := Job{PosterID: 1, Title: "Calcul", Organisation: "CNRS", Contract: ContractPostdoc, Level: LevelPhD,
				Location: "Paris", ApplyURL: "https://cnrs.example/j", Tags: []string{"hpc"}, Pay: Pay{Min: 3000, Max: 3300, Currency: "EUR", Period: PayMonth}}
			if n, err := db.CreateJob(ctx, &nj, nil); err != nil || n != 1 {
				t.Errorf("job after upgrade: %d matched, %v", n, err)
			}
			// And the upgraded database takes new writes.
			r, err := db.Leave(ctx, 1, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Promoted) != 1 || r.Promoted[0].Name != "Bob" {
				t.Errorf("leave after upgrade promoted %+v", r.Promoted)
			}
			ref := MessageRef{Platform: "slack", Channel: "C1", MessageID: "1.1"}
			if err := db.RecordReaction(ctx, ref, "U9", true); err != nil {
				t.Fatalf("reaction on a message saved before the upgrade: %v", err)
			}
			if got, err := db.Reactors(ctx, ref); err != nil || !reflect.DeepEqual(got, []string{"U9"}) {
				t.Errorf("reactors = %q, %v", got, err)
			}
		})
	}
}

func TestMigrateToPartial(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "partial.db")
	for _, m := range ms {
		db := openAt(t, file, m.version)
		v, err := db.Version(t.Context())
		db.Close()
		if err != nil || v != m.version {
			t.Errorf("migrateTo(%d): version %d, %v", m.version, v, err)
		}
	}
	// Going on to the end twice applies nothing twice.
	for range 2 {
		db, err := Open(t.Context(), file)
		if err != nil {
			t.Fatal(err)
		}
		if n := mustCounts(t, db)["schema_migrations"]; n != len(ms) {
			t.Errorf("schema_migrations = %d, want %d", n, len(ms))
		}
		db.Close()
	}
}

// TestFTSTable: search depends on an FTS4 table (FTS5 is not compiled into
// go-sqlite3) with a tokenizer that folds accents.
func TestFTSTable(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	var def string
	if err := db.read.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'problems_fts'`).Scan(&def); err != nil {
		t.Fatalf("problems_fts: %v", err)
	}
	def = strings.ToLower(def)
	for _, want := range []string{"virtual table", "using fts4", "unicode61", "remove_diacritics=1"} {
		if !strings.Contains(def, want) {
			t.Errorf("problems_fts definition %q lacks %q", def, want)
		}
	}
	// FTS4, not FTS3, keeps a docsize shadow table.
	var shadows []string
	rows, err := db.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE name LIKE 'problems\_fts\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		shadows = append(shadows, n)
	}
	rows.Close()
	want := []string{"problems_fts_content", "problems_fts_docsize", "problems_fts_segdir", "problems_fts_segments", "problems_fts_stat"}
	if !reflect.DeepEqual(shadows, want) {
		t.Errorf("shadow tables = %q, want %q", shadows, want)
	}
	// The tokenizer itself folds case and accents.
	var n int
	alice := mustMember(t, db, "U1", "Alice")
	mustProblem(t, db, alice.ID, "Données Éparses")
	if _, err := db.SearchProblems(ctx, "eparses", 0); err != nil { // the index is complete after a search
		t.Fatal(err)
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM problems_fts WHERE problems_fts MATCH 'donnees eparses'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("MATCH 'donnees eparses' found %d rows, want 1", n)
	}
}
