package storage

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestResolveMember(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)

	discord := Identity{Platform: "discord", Workspace: "G1", UserID: "U1"}
	otherTeam := Identity{Platform: "slack", Workspace: "T2", UserID: "U1"}

	// Steps run in order on one database; member names the member expected
	// by the order of first contact (0 = the first member created).
	steps := []struct {
		name       string
		id         Identity
		display    string
		staff      bool
		member     int
		wantName   string
		wantRole   string
		newMembers int
	}{
		{"first contact creates", slack("U1"), "Alice", false, 0, "Alice", RoleMember, 1},
		{"same identity same member", slack("U1"), "Alice", false, 0, "Alice", RoleMember, 0},
		{"empty name keeps the name", slack("U1"), "", false, 0, "Alice", RoleMember, 0},
		{"new name is saved", slack("U1"), "Alice Martin", false, 0, "Alice Martin", RoleMember, 0},
		{"staff flag grants staff", slack("U1"), "Alice Martin", true, 0, "Alice Martin", RoleStaff, 0},
		{"staff flag kept", slack("U1"), "", true, 0, "Alice Martin", RoleStaff, 0},
		{"staff flag removed", slack("U1"), "", false, 0, "Alice Martin", RoleMember, 0},
		{"other platform is another member", discord, "Alice", false, 1, "Alice", RoleMember, 1},
		{"same user id in another workspace is another member", otherTeam, "Alice T2", true, 2, "Alice T2", RoleStaff, 1},
	}
	var ids []int64
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := mustCounts(t, db)
			m, err := db.ResolveMember(ctx, s.id, s.display, s.staff, "")
			if err != nil {
				t.Fatal(err)
			}
			if s.member == len(ids) {
				ids = append(ids, m.ID)
			}
			if m.ID != ids[s.member] {
				t.Errorf("ID = %d, want %d", m.ID, ids[s.member])
			}
			if m.DisplayName != s.wantName || m.Role != s.wantRole {
				t.Errorf("name, role = %q, %q; want %q, %q", m.DisplayName, m.Role, s.wantName, s.wantRole)
			}
			if m.IsStaff() != (s.wantRole == RoleStaff) {
				t.Errorf("IsStaff = %v", m.IsStaff())
			}
			if !m.CreatedAt.Equal(testNow) {
				t.Errorf("CreatedAt = %s, want %s", m.CreatedAt, testNow)
			}
			wantCounts(t, db, before, map[string]int{"members": s.newMembers, "identities": s.newMembers})
			// Member reads what ResolveMember returned, with the identities
			// (which ResolveMember need not fill: the caller knows it).
			got, err := db.Member(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Identities, []Identity{s.id}) {
				t.Errorf("Identities = %v, want [%v]", got.Identities, s.id)
			}
			got.Identities, m.Identities = nil, nil
			if !reflect.DeepEqual(got, m) {
				t.Errorf("Member(%d) = %+v, want %+v", m.ID, got, m)
			}
		})
	}

	t.Run("profile changes show at once", func(t *testing.T) {
		m := mustMember(t, db, "P1", "Pia")
		if _, err := db.UpdateMember(ctx, m.ID, MemberUpdate{Organisation: ptr("Inria"), Timezone: ptr("Europe/Paris")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddInterests(ctx, m.ID, []string{"julia", "gpu"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.ResolveMember(ctx, slack("P1"), "Pia", false, "")
		if err != nil {
			t.Fatal(err)
		}
		if got.Organisation != "Inria" || got.Timezone != "Europe/Paris" || !reflect.DeepEqual(got.Interests, []string{"gpu", "julia"}) {
			t.Errorf("after update: %+v", got)
		}
		if _, err := db.RemoveInterests(ctx, m.ID, []string{"gpu"}); err != nil {
			t.Fatal(err)
		}
		if got, _ = db.ResolveMember(ctx, slack("P1"), "", false, ""); !reflect.DeepEqual(got.Interests, []string{"julia"}) {
			t.Errorf("after remove: interests %q", got.Interests)
		}
	})

	t.Run("researcher stays researcher when not staff", func(t *testing.T) {
		m := mustMember(t, db, "R1", "Rémi")
		role := RoleResearcher
		if _, err := db.UpdateMember(ctx, m.ID, MemberUpdate{Role: &role}); err != nil {
			t.Fatal(err)
		}
		m, err := db.ResolveMember(ctx, slack("R1"), "Rémi", false, "")
		if err != nil {
			t.Fatal(err)
		}
		if m.Role != RoleResearcher {
			t.Errorf("role = %q, want researcher", m.Role)
		}
		// Made staff, then removed from the staff list: back to member.
		if m, _ = db.ResolveMember(ctx, slack("R1"), "", true, ""); m.Role != RoleStaff {
			t.Errorf("role = %q, want staff", m.Role)
		}
		if m, _ = db.ResolveMember(ctx, slack("R1"), "", false, ""); m.Role != RoleMember {
			t.Errorf("role = %q, want member", m.Role)
		}
	})

	for _, bad := range []Identity{{Workspace: "T1", UserID: "U1"}, {Platform: "slack", Workspace: "T1"}} {
		t.Run("invalid identity "+bad.Platform+bad.UserID, func(t *testing.T) {
			before := mustCounts(t, db)
			_, err := db.ResolveMember(ctx, bad, "Nobody", false, "")
			wantErr(t, err, EINVALID, "identity")
			wantCounts(t, db, before, nil)
		})
	}

	t.Run("unknown member", func(t *testing.T) {
		_, err := db.Member(ctx, 999)
		wantErr(t, err, ENOTFOUND, "member")
	})
}

// TestResolveMemberConcurrentFirstContact: a burst of events from a new
// user (a retried Slack event, two clicks) creates one member, not several.
func TestResolveMemberConcurrentFirstContact(t *testing.T) {
	db := MustOpenDB(t)
	const n = 10
	ids := make([]int64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			m, err := db.ResolveMember(t.Context(), slack("NEW"), "Nouvelle", false, "")
			ids[i], errs[i] = m.ID, err
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("resolve %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Errorf("resolve %d gave member %d, resolve 0 gave %d", i, ids[i], ids[0])
		}
	}
	if c := mustCounts(t, db); c["members"] != 1 || c["identities"] != 1 {
		t.Errorf("members, identities = %d, %d; want 1, 1", c["members"], c["identities"])
	}
}

func ptr[T any](v T) *T { return &v }

func TestUpdateMember(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)

	tests := []struct {
		name       string
		staff      bool
		update     MemberUpdate
		wantCode   string
		wantReason string
		check      func(t *testing.T, m Member)
	}{
		{name: "nothing to change", update: MemberUpdate{}, check: func(t *testing.T, m Member) {
			if m.Organisation != "" || m.Role != RoleMember || m.Language != "" || m.Timezone != "" {
				t.Errorf("member changed: %+v", m)
			}
		}},
		{name: "organisation trimmed", update: MemberUpdate{Organisation: ptr("  CNRS  ")}, check: func(t *testing.T, m Member) {
			if m.Organisation != "CNRS" {
				t.Errorf("Organisation = %q", m.Organisation)
			}
		}},
		{name: "organisation of 100 characters", update: MemberUpdate{Organisation: ptr(strings.Repeat("é", MaxOrganisation))}, check: func(t *testing.T, m Member) {
			if m.Organisation != strings.Repeat("é", 100) {
				t.Errorf("Organisation = %q", m.Organisation)
			}
		}},
		{name: "organisation of 101 characters", update: MemberUpdate{Organisation: ptr(strings.Repeat("é", MaxOrganisation+1))},
			wantCode: EINVALID, wantReason: "organisation_too_long"},
		{name: "empty organisation", update: MemberUpdate{Organisation: ptr("   ")},
			wantCode: EINVALID, wantReason: "organisation_empty"},
		{name: "role researcher", update: MemberUpdate{Role: ptr(RoleResearcher)}, check: func(t *testing.T, m Member) {
			if m.Role != RoleResearcher {
				t.Errorf("Role = %q", m.Role)
			}
		}},
		{name: "role member", update: MemberUpdate{Role: ptr(RoleMember)}, check: func(t *testing.T, m Member) {
			if m.Role != RoleMember {
				t.Errorf("Role = %q", m.Role)
			}
		}},
		{name: "staff cannot be chosen", update: MemberUpdate{Role: ptr(RoleStaff)},
			wantCode: EINVALID, wantReason: "role"},
		{name: "unknown role", update: MemberUpdate{Role: ptr("admin")},
			wantCode: EINVALID, wantReason: "role"},
		{name: "staff cannot change role", staff: true, update: MemberUpdate{Role: ptr(RoleResearcher)},
			wantCode: EFORBIDDEN, wantReason: "role_staff"},
		{name: "staff can set organisation", staff: true, update: MemberUpdate{Organisation: ptr("Inria")}, check: func(t *testing.T, m Member) {
			if m.Organisation != "Inria" || m.Role != RoleStaff {
				t.Errorf("Organisation, Role = %q, %q", m.Organisation, m.Role)
			}
		}},
		{name: "language", update: MemberUpdate{Language: ptr("fr")}, check: func(t *testing.T, m Member) {
			if m.Language != "fr" {
				t.Errorf("Language = %q", m.Language)
			}
		}},
		{name: "timezone", update: MemberUpdate{Timezone: ptr("Europe/Paris")}, check: func(t *testing.T, m Member) {
			if m.Timezone != "Europe/Paris" {
				t.Errorf("Timezone = %q", m.Timezone)
			}
		}},
		{name: "unknown timezone", update: MemberUpdate{Timezone: ptr("Mars/Olympus_Mons")},
			wantCode: EINVALID, wantReason: "timezone"},
		{name: "empty timezone", update: MemberUpdate{Timezone: ptr("")},
			wantCode: EINVALID, wantReason: "timezone"},
		{name: "Local timezone", update: MemberUpdate{Timezone: ptr("Local")},
			wantCode: EINVALID, wantReason: "timezone"},
		{name: "good fields then a bad one write nothing",
			update:   MemberUpdate{Organisation: ptr("Inserm"), Language: ptr("en"), Timezone: ptr("Nowhere/City")},
			wantCode: EINVALID, wantReason: "timezone"},
		{name: "all fields", update: MemberUpdate{Organisation: ptr("Institut Pasteur"), Role: ptr(RoleResearcher), Language: ptr("en"), Timezone: ptr("America/Montreal")},
			check: func(t *testing.T, m Member) {
				if m.Organisation != "Institut Pasteur" || m.Role != RoleResearcher || m.Language != "en" || m.Timezone != "America/Montreal" {
					t.Errorf("member = %+v", m)
				}
			}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resolved, err := db.ResolveMember(ctx, slack(fmt.Sprintf("U%d", i)), "Member", tt.staff, "")
			if err != nil {
				t.Fatal(err)
			}
			m, err := db.Member(ctx, resolved.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.UpdateMember(ctx, m.ID, tt.update)
			if tt.wantCode != "" {
				wantErr(t, err, tt.wantCode, tt.wantReason)
				after, err := db.Member(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(after, m) {
					t.Errorf("refused update changed the member:\n got %+v\nwant %+v", after, m)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != m.ID || got.DisplayName != "Member" {
				t.Errorf("updated the wrong member: %+v", got)
			}
			tt.check(t, got)
			stored, err := db.Member(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(stored, got) {
				t.Errorf("stored %+v, returned %+v", stored, got)
			}
		})
	}

	t.Run("unknown member", func(t *testing.T) {
		_, err := db.UpdateMember(ctx, 999, MemberUpdate{Language: ptr("fr")})
		wantErr(t, err, ENOTFOUND, "member")
	})
}

func TestInterests(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	m := mustMember(t, db, "U1", "Alice")
	other := mustMember(t, db, "U2", "Bob")
	if _, err := db.AddInterests(ctx, other.ID, []string{"python"}); err != nil {
		t.Fatal(err)
	}

	many := func(prefix string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, prefix+string(rune('a'+i)))
		}
		return out
	}
	steps := []struct {
		name       string
		remove     bool
		tags       []string
		want       []string // interests after the step
		wantCode   string
		wantReason string
	}{
		{name: "add", tags: []string{"python", "gis"}, want: []string{"gis", "python"}},
		{name: "add again is a no-op", tags: []string{"python"}, want: []string{"gis", "python"}},
		{name: "accented and punctuated tags", tags: []string{"données", "c.elegans", "r-stats", "x_y"}, want: []string{"c.elegans", "données", "gis", "python", "r-stats", "x_y"}},
		{name: "tag of 32 characters", tags: []string{strings.Repeat("t", MaxTagLen)}, want: []string{"c.elegans", "données", "gis", "python", "r-stats", strings.Repeat("t", 32), "x_y"}},
		{name: "remove", remove: true, tags: []string{"gis", strings.Repeat("t", 32)}, want: []string{"c.elegans", "données", "python", "r-stats", "x_y"}},
		{name: "remove a tag not held", remove: true, tags: []string{"fortran"}, want: []string{"c.elegans", "données", "python", "r-stats", "x_y"}},
		{name: "bad tag among good ones writes nothing", tags: []string{"julia", "bad tag"}, want: []string{"c.elegans", "données", "python", "r-stats", "x_y"},
			wantCode: EINVALID, wantReason: "tag"},
		{name: "tag of 33 characters", tags: []string{strings.Repeat("t", MaxTagLen+1)}, want: []string{"c.elegans", "données", "python", "r-stats", "x_y"},
			wantCode: EINVALID, wantReason: "tag"},
		{name: "leading dash", tags: []string{"-go"}, want: []string{"c.elegans", "données", "python", "r-stats", "x_y"},
			wantCode: EINVALID, wantReason: "tag"},
		{name: "symbols", tags: []string{"c++"}, want: []string{"c.elegans", "données", "python", "r-stats", "x_y"},
			wantCode: EINVALID, wantReason: "tag"},
		{name: "bad tag on remove", remove: true, tags: []string{"python", "#python"}, want: []string{"c.elegans", "données", "python", "r-stats", "x_y"},
			wantCode: EINVALID, wantReason: "tag"},
		{name: "over MaxTags at once", tags: many("k", MaxTags+1), want: []string{"c.elegans", "données", "python", "r-stats", "x_y"},
			wantCode: EINVALID, wantReason: "too_many_tags"},
		{name: "no tags", tags: nil, want: []string{"c.elegans", "données", "python", "r-stats", "x_y"},
			wantCode: EINVALID, wantReason: "tags_missing"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := mustCounts(t, db)
			change := db.AddInterests
			if s.remove {
				change = db.RemoveInterests
			}
			got, err := change(ctx, m.ID, s.tags)
			if s.wantCode != "" {
				wantErr(t, err, s.wantCode, s.wantReason)
				wantCounts(t, db, before, nil)
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Interests, s.want) {
					t.Errorf("returned interests = %q, want %q", got.Interests, s.want)
				}
			}
			stored, err := db.Member(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(stored.Interests, s.want) {
				t.Errorf("stored interests = %q, want %q", stored.Interests, s.want)
			}
		})
	}

	t.Run("other member untouched", func(t *testing.T) {
		o, err := db.Member(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(o.Interests, []string{"python"}) {
			t.Errorf("other interests = %q", o.Interests)
		}
	})

	t.Run("at most MaxInterests", func(t *testing.T) {
		m := mustMember(t, db, "U3", "Chloé")
		for _, prefix := range []string{"a", "b", "c"} {
			if _, err := db.AddInterests(ctx, m.ID, many(prefix, 10)); err != nil {
				t.Fatal(err)
			}
		}
		before := mustCounts(t, db)
		_, err := db.AddInterests(ctx, m.ID, []string{"a-one-too-many"})
		wantErr(t, err, EINVALID, "too_many_tags")
		wantCounts(t, db, before, nil)
		got, err := db.Member(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Interests) != MaxInterests {
			t.Errorf("%d interests, want %d", len(got.Interests), MaxInterests)
		}
		// Adding one already held stays within the limit.
		if _, err := db.AddInterests(ctx, m.ID, []string{"aa"}); err != nil {
			t.Errorf("re-adding a held tag at the limit: %v", err)
		}
	})

	t.Run("unknown member", func(t *testing.T) {
		before := mustCounts(t, db)
		_, err := db.AddInterests(ctx, 999, []string{"go"})
		if err == nil {
			t.Fatal("interests for an unknown member accepted")
		}
		wantCounts(t, db, before, nil)
	})
}

// A profile read before a member write committed must not be cached after
// the write dropped the cache, or every later request would see it.
func TestMemberCacheRefusesAProfileReadBeforeAWrite(t *testing.T) {
	db := MustOpenDB(t)
	m := mustMember(t, db, "U1", "Ada")
	db.membersMu.Lock()
	gen := db.membersGen
	db.membersMu.Unlock()
	if _, err := db.ResolveMember(t.Context(), slack("U1"), "Ada L.", false, ""); err != nil {
		t.Fatal(err)
	}
	db.cacheMember(slack("U1"), m, gen) // the late reader, with "Ada"
	got, err := db.ResolveMember(t.Context(), slack("U1"), "", false, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.DisplayName != "Ada L." {
		t.Errorf("display name %q, want the written Ada L.", got.DisplayName)
	}
}

// Newcomers leave the cache of the others alone; a changed member drops it.
func TestMemberCacheSurvivesNewcomers(t *testing.T) {
	db := MustOpenDB(t)
	mustMember(t, db, "U1", "Ada")
	cached := func(user string) bool {
		db.membersMu.Lock()
		defer db.membersMu.Unlock()
		_, ok := db.members[slack(user)]
		return ok
	}
	if !cached("U1") {
		t.Fatal("a resolved member is not cached")
	}
	mustMember(t, db, "U2", "Grace")
	if !cached("U1") || !cached("U2") {
		t.Errorf("after a newcomer: U1 cached %v, U2 cached %v; want both", cached("U1"), cached("U2"))
	}
	if _, err := db.ResolveMember(t.Context(), slack("U2"), "Grace H.", false, ""); err != nil {
		t.Fatal(err)
	}
	if cached("U1") {
		t.Error("U1 still cached after another member changed")
	}
}

// A newcomer's first requests come together (a click and a reaction): the
// ones that lose the race to create them write nothing and leave the
// others' cache alone.
func TestMemberCacheSurvivesANewcomersRace(t *testing.T) {
	db := MustOpenDB(t)
	mustMember(t, db, "U1", "Ada")
	before := mustCounts(t, db)
	var wg sync.WaitGroup
	ids := make([]int64, 8)
	for i := range ids {
		wg.Go(func() {
			m, err := db.ResolveMember(t.Context(), slack("U2"), "Grace", false, "")
			if err != nil {
				t.Error(err)
			}
			ids[i] = m.ID
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("member ids %v, want one member", ids)
		}
	}
	wantCounts(t, db, before, map[string]int{"members": 1, "identities": 1})
	db.membersMu.Lock()
	_, ok := db.members[slack("U1")]
	db.membersMu.Unlock()
	if !ok {
		t.Error("U1 dropped from the cache by a newcomer's requests")
	}
}

// The member a first contact returns is the one stored, field for field.
func TestResolveMemberCreatedAsStored(t *testing.T) {
	db := MustOpenDB(t)
	setNow(db, testNow.Add(1500*time.Millisecond)) // stored to the second
	for _, staff := range []bool{false, true} {
		user := fmt.Sprintf("U%v", staff)
		got, err := db.ResolveMember(t.Context(), slack(user), "", staff, "")
		if err != nil {
			t.Fatal(err)
		}
		stored, err := db.Member(t.Context(), got.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored.Identities = nil // the returned member leaves them out, cached or not
		if !reflect.DeepEqual(got, stored) {
			t.Errorf("created %+v, stored %+v", got, stored)
		}
		// Never the raw id (issue 13): a stand-in until a request names them.
		if got.DisplayName != standInName(got.ID) {
			t.Errorf("display name %q, want the stand-in %q", got.DisplayName, standInName(got.ID))
		}
	}
}

// A member first met without a name gets a stand-in, never the platform's
// raw id, and stays "unnamed" until a request names them.
func TestUnnamedMemberStandIn(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	id := Identity{Platform: "discord", Workspace: "G1", UserID: "1700000000000000042"}
	if u, err := db.Unnamed(ctx, id); err != nil || !u {
		t.Fatalf("unknown identity: unnamed %v, %v", u, err)
	}
	m, err := db.ResolveMember(ctx, id, "", false, "")
	if err != nil {
		t.Fatal(err)
	}
	if m.DisplayName != "member 1" {
		t.Errorf("stand-in %q, want member 1", m.DisplayName)
	}
	if u, _ := db.Unnamed(ctx, id); !u {
		t.Error("a stand-in counts as named")
	}
	if m, _ = db.ResolveMember(ctx, id, "Nadia", false, ""); m.DisplayName != "Nadia" {
		t.Errorf("named %q", m.DisplayName)
	}
	if u, _ := db.Unnamed(ctx, id); u {
		t.Error("named member still unnamed")
	}
	// A nameless request later keeps the name.
	if m, _ = db.ResolveMember(ctx, id, "", false, ""); m.DisplayName != "Nadia" {
		t.Errorf("renamed to %q by a nameless request", m.DisplayName)
	}
}
