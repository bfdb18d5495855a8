package bot

import (
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
)

var jobChannels = [2]ChannelsConfig{{Jobs: "C0JOBS"}, {Jobs: "1200000000000000003"}}

// openCards lists the job cards in the jobs channels, on both platforms,
// that still say the offer is open (an expiry shown, no status).
func (p *twoPlatforms) openCards() (slack, discord []string) {
	for _, m := range p.sl.Messages(jobChannels[0].Jobs) {
		if strings.HasPrefix(m.Text, "#") && strings.Contains(m.Text, "Listed until") {
			slack = append(slack, strings.SplitN(m.Text, "\n", 2)[0])
		}
	}
	for _, m := range p.dc.Messages(jobChannels[1].Jobs) {
		for _, e := range m.Embeds {
			for _, f := range e.Fields {
				if f.Name == "Listed until" {
					discord = append(discord, e.Title)
				}
			}
		}
	}
	return slack, discord
}

var postedJob = regexp.MustCompile(`Job #(\d+) posted`)

// A job closed right after it was posted, a hundred times over from both
// platforms: no card is ever left saying open, on either platform.
func TestJobPostThenCloseNeverLeavesAnOpenCard(t *testing.T) {
	p := startTwo(t, jobChannels[0], jobChannels[1], "jobs:\n  max_per_day: 1000\nlimits:\n  post_burst: 0\n")
	for i := range 100 {
		line := fmt.Sprintf("post Job %d | Acme | permanent | junior | Paris | https://acme.example/jobs/%d | 45-55k€ #ml", i, i)
		var got string
		if i%2 == 0 {
			got = p.slash(twoSlackStaff, "/jobs", line)
		} else {
			got = p.interact(twoDiscordStaff, "jobs", discordfake.Sub("post", discordfake.Str("title", fmt.Sprintf("Job %d", i)),
				discordfake.Str("organisation", "Acme"), discordfake.Str("contract", "permanent"), discordfake.Str("level", "junior"),
				discordfake.Str("location", "Paris"), discordfake.Str("url", fmt.Sprintf("https://acme.example/jobs/%d", i)),
				discordfake.Str("pay", "45-55k€"), discordfake.Str("tags", "#ml")))
		}
		m := postedJob.FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("post %d: %q", i, got)
		}
		if i%2 == 0 {
			got = p.slash(twoSlackStaff, "/jobs", "close "+m[1])
		} else {
			got = p.interact(twoDiscordStaff, "jobs", discordfake.Sub("close", discordfake.Int("id", int64(atoiTest(m[1])))))
		}
		if !strings.Contains(got, "closed") {
			t.Fatalf("close %s: %q", m[1], got)
		}
	}
	// Let the outbox post every card it still has (Slack paces a channel's
	// posts), and the edits that follow land; then look.
	raw, err := sql.Open("sqlite3", "file:"+p.dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var sl, dc []string
	p.dc.Await(60*time.Second, func() bool {
		var queued int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')`).Scan(&queued); err != nil || queued > 0 {
			return false
		}
		sl, dc = p.openCards()
		return len(sl) == 0 && len(dc) == 0
	})
	// Longer than an edit's wait: a late edit would have shown by now.
	time.Sleep(2 * time.Second)
	if sl, dc = p.openCards(); len(sl) != 0 || len(dc) != 0 {
		t.Errorf("cards still saying open: Slack %q, Discord %q", sl, dc)
	}
}

func atoiTest(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

// A job poster who asks to be forgotten: their offer is closed and its
// cards say so on both platforms; another member's offer and every other
// row of anybody else are as they were.
func TestForgetJobPosterAcrossPlatforms(t *testing.T) {
	p := startTwo(t, jobChannels[0], jobChannels[1], "")
	const dave = "1700000000000000099"
	p.dc.AddUser(discordfake.User{ID: dave, Username: "dave", GlobalName: "Dave"})
	got := p.interact(dave, "jobs", discordfake.Sub("post", discordfake.Str("title", "Wasm wizard"),
		discordfake.Str("organisation", "Acme"), discordfake.Str("contract", "permanent"), discordfake.Str("level", "senior"),
		discordfake.Str("location", "Daveville"), discordfake.Str("url", "https://acme.example/dave"),
		discordfake.Str("pay", "60-70k€"), discordfake.Str("tags", "#rust")))
	if !strings.Contains(got, "Job #1 posted") {
		t.Fatalf("dave's post: %q", got)
	}
	if got := p.slash(twoSlackStaff, "/jobs", "post Data engineer | Acme | permanent | junior | Paris | https://acme.example/1 | 45-55k€ #ml"); !strings.Contains(got, "Job #2 posted") {
		t.Fatalf("ada's post: %q", got)
	}
	if !p.dc.Await(10*time.Second, func() bool { sl, dc := p.openCards(); return len(sl) == 2 && len(dc) == 2 }) {
		sl, dc := p.openCards()
		t.Fatalf("cards before: Slack %q, Discord %q", sl, dc)
	}
	raw, err := sql.Open("sqlite3", "file:"+p.dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	others := func() string {
		var b strings.Builder
		for _, q := range []string{
			`SELECT * FROM jobs WHERE id != 1 ORDER BY id`,
			`SELECT * FROM members WHERE id NOT IN (SELECT member_id FROM identities WHERE user_id = '` + dave + `') AND display_name != '—' ORDER BY id`,
			`SELECT * FROM identities WHERE user_id != '` + dave + `' ORDER BY member_id`,
			`SELECT * FROM job_tags WHERE job_id != 1 ORDER BY job_id, tag`,
		} {
			rows, err := raw.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				rows.Scan(ptrs...)
				fmt.Fprintf(&b, "%v\n", vals)
			}
			rows.Close()
		}
		return b.String()
	}
	before := others()

	if got := p.forgetOnDiscord(dave); !strings.HasPrefix(got, "Done: the community has forgotten you.") {
		t.Fatalf("forget: %q", got)
	}
	if !p.dc.Await(10*time.Second, func() bool { sl, dc := p.openCards(); return len(sl) == 1 && len(dc) == 1 }) {
		sl, dc := p.openCards()
		t.Fatalf("cards after: Slack %q, Discord %q", sl, dc)
	}
	if sl, dc := p.openCards(); sl[0] != "#2 · Data engineer" || dc[0] != "#2 · Data engineer" {
		t.Errorf("open after forget: Slack %q, Discord %q; want ada's only", sl, dc)
	}
	for _, m := range p.sl.Messages(jobChannels[0].Jobs) {
		if strings.Contains(m.Text, "Wasm") || strings.Contains(m.Text, "Daveville") {
			t.Errorf("dave's offer still shows on Slack: %q", m.Text)
		}
	}
	if after := others(); after != before {
		t.Errorf("other members' rows changed:\nbefore %s\nafter  %s", before, after)
	}
}
