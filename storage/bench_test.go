package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRawInsert is the floor under every write: one single-row INSERT
// in its own immediate transaction, on a file opened with the same settings
// as Open's write pool.
func BenchmarkRawInsert(b *testing.B) {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", dsn(filepath.Join(b.TempDir(), "raw.db"), "immediate", false))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (title, created_at) VALUES (?, ?)`, "Données manquantes en Python", i); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreateProblem(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	author := mustMember(b, db, "U1", "Alice")
	gen := newProblemGen(1)
	b.ReportAllocs()
	for b.Loop() {
		p := gen.next(author.ID)
		if err := db.CreateProblem(ctx, &p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateProblemConcurrent: 200 writers at once, as a burst of
// commands has them, so the group commit shares its commits among them.
func BenchmarkCreateProblemConcurrent(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	author := mustMember(b, db, "U1", "Alice")
	var seed atomic.Uint64
	b.ReportAllocs()
	b.SetParallelism(200 / runtime.GOMAXPROCS(0))
	b.RunParallel(func(pb *testing.PB) {
		gen := newProblemGen(seed.Add(1))
		for pb.Next() {
			p := gen.next(author.ID)
			if err := db.CreateProblem(ctx, &p); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkJoin: each iteration a different member joins one workshop with
// no seat limit.
func BenchmarkJoin(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	host := mustMember(b, db, "H", "Host")
	w := mustWorkshop(b, db, host.ID, "Open to all", 0)
	first := insertMembers(b, db, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		r, err := db.Join(ctx, w.ID, first+int64(i))
		if err != nil {
			b.Fatal(err)
		}
		if r.State != StateJoined {
			b.Fatalf("state %q", r.State)
		}
	}
}

// insertMembers adds n members in one transaction and returns the first id.
func insertMembers(tb testing.TB, db *DB, n int) int64 {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	var first int64
	for i := range n {
		res, err := tx.ExecContext(ctx, `INSERT INTO members (display_name, created_at) VALUES (?, ?)`, fmt.Sprintf("Member %d", i), unix(testNow))
		if err != nil {
			tb.Fatal(err)
		}
		if i == 0 {
			first, _ = res.LastInsertId()
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return first
}

// problemGen makes realistic, varied problems: French and English titles
// built from a subject and a context, a description of a few sentences,
// one to four tags drawn with a few common and many rare ones.
type problemGen struct {
	r *rand.Rand
	i int
}

func newProblemGen(seed uint64) *problemGen {
	return &problemGen{r: rand.New(rand.NewPCG(seed, 42))}
}

var (
	benchSubjects = []string{
		"Données manquantes", "Segmentation d'images", "Régression logistique", "Memory leak", "Slurm job stuck in pending",
		"GPU out of memory", "Environnement conda cassé", "Git merge conflict", "Statistiques bayésiennes", "Réseau de neurones qui ne converge pas",
		"Analyse de survie", "Parallel computing", "Docker image too large", "Bibliographie LaTeX", "R package won't install",
		"Séquençage ARN", "Alignement de séquences", "Spectrométrie de masse", "Modèle mixte", "Fuite mémoire",
		"Plotting millions of points", "Traitement du signal", "Time series forecasting", "Clustering hiérarchique", "Jointure lente en SQL",
		"Unit tests for notebooks", "Reproductibilité des résultats", "Mixed precision training", "Carte géographique interactive", "Écriture de la thèse",
		"Microscopie confocale", "Données géographiques", "Nettoyage de données", "Visualisation 3D", "Snakemake workflow",
		"Fortran legacy code", "Compilation CUDA", "Interface graphique Qt", "API REST pour le labo", "Questionnaire en ligne",
	}
	benchContexts = []string{
		"en Python", "in R", "avec pandas", "on the cluster", "sous Windows", "pour la thèse", "with PyTorch", "dans Jupyter",
		"avec Stan", "on macOS", "en C++", "with Julia", "sur le serveur du labo", "for a paper deadline", "avec MATLAB", "in production",
		"", "", "", "",
	}
	benchSentences = []string{
		"Le script plante au bout de quelques heures.", "It works on my laptop but not on the cluster.",
		"J'ai essayé de réinstaller l'environnement sans succès.", "The error message is not helpful at all.",
		"Les résultats changent d'une exécution à l'autre.", "I need this for a deadline next week.",
		"La documentation est en anglais et assez obscure.", "Any pointer to a tutorial would help.",
		"Les données font environ 40 Go.", "We tried three different libraries already.",
		"Mon directeur de thèse m'a conseillé de demander ici.", "Happy to pair on this during a workshop.",
		"Le calcul prend trop de temps sur un seul cœur.", "The figures must be ready for the conference.",
	}
	benchTags = []string{
		"python", "r", "stats", "hpc", "gpu", "git", "latex", "docker", "sql", "ml",
		"bioinfo", "imagerie", "gis", "julia", "cpp", "fortran", "matlab", "jupyter", "pandas", "pytorch",
		"slurm", "conda", "snakemake", "visualisation", "survie", "bayes", "signal", "microscopie", "ngs", "proteomique",
	}
)

func (g *problemGen) next(authorID int64) Problem {
	g.i++
	title := benchSubjects[g.r.IntN(len(benchSubjects))]
	if c := benchContexts[g.r.IntN(len(benchContexts))]; c != "" {
		title += " " + c
	}
	var desc strings.Builder
	for range 1 + g.r.IntN(4) {
		desc.WriteString(benchSentences[g.r.IntN(len(benchSentences))])
		desc.WriteByte(' ')
	}
	fmt.Fprintf(&desc, "(ticket %d)", g.i)
	var tags []string
	for range 1 + g.r.IntN(4) {
		// Squaring skews the draw: the first tags are far more common.
		f := g.r.Float64()
		tags = append(tags, benchTags[int(f*f*float64(len(benchTags)))])
	}
	return Problem{AuthorID: authorID, Title: title, Description: desc.String(), Tags: NormalizeTags(tags)}
}

// seedProblems10k returns a database with 10,000 problems by 50 members,
// spread over two years, some closed, some turned into workshops, some with
// "me too" and "I can help" marks.
func seedProblems10k(b *testing.B) *DB {
	b.Helper()
	ctx := context.Background()
	db := MustOpenDB(b)
	first := insertMembers(b, db, 50)
	gen := newProblemGen(7)
	start := testNow.Add(-2 * 365 * 24 * time.Hour)
	const n = 10000
	t0 := time.Now()
	for i := range n {
		setNow(db, start.Add(time.Duration(i)*105*time.Minute))
		p := gen.next(first + int64(i%50))
		if err := db.CreateProblem(ctx, &p); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE problems SET status = CASE id % 10
		WHEN 0 THEN 'solved' WHEN 1 THEN 'stale' WHEN 2 THEN 'workshop' WHEN 3 THEN 'duplicate' ELSE 'open' END`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO problem_interest (problem_id, member_id, kind, created_at)
		SELECT p.id, m.id, CASE (p.id + m.id) % 3 WHEN 0 THEN 'can_help' ELSE 'interested' END, p.created_at
		FROM problems p JOIN members m ON m.id <> p.author_id AND (p.id * 7 + m.id) % 13 = 0`); err != nil {
		b.Fatal(err)
	}
	setNow(db, testNow)
	b.Logf("seeded %d problems in %s", n, time.Since(t0))
	return db
}

func BenchmarkListProblems10k(b *testing.B) {
	db := seedProblems10k(b)
	for _, bc := range []struct {
		name string
		f    ProblemFilter
	}{
		{"all", ProblemFilter{}},
		{"open", ProblemFilter{Open: true}},
	} {
		b.Run(bc.name, func(b *testing.B) { benchList(b, db, bc.f) })
	}
}

func BenchmarkListProblemsByTag10k(b *testing.B) {
	db := seedProblems10k(b)
	for _, bc := range []struct {
		name string
		f    ProblemFilter
	}{
		{"common", ProblemFilter{Tag: "python"}},
		{"common_open", ProblemFilter{Tag: "python", Open: true}},
		{"rare", ProblemFilter{Tag: "proteomique"}},
		{"rare_open", ProblemFilter{Tag: "proteomique", Open: true}},
		{"absent", ProblemFilter{Tag: "cobol"}},
	} {
		b.Run(bc.name, func(b *testing.B) { benchList(b, db, bc.f) })
	}
}

func benchList(b *testing.B, db *DB, f ProblemFilter) {
	ctx := context.Background()
	ps, err := db.ListProblems(ctx, f)
	if err != nil {
		b.Fatal(err)
	}
	if f.Tag != "cobol" && len(ps) != 20 {
		b.Fatalf("%d problems, want a full page", len(ps))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.ListProblems(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchProblems10k(b *testing.B) {
	db := seedProblems10k(b)
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		words string
		min   int // results expected at least
	}{
		{"common_prefix", "donn", 20},
		{"word", "données", 20},
		{"two_words", "memory leak", 20},
		{"rare", "ticket 4242", 1},
		{"accents", "regression logistique python", 1},
		{"none", "kubernetes", 0},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ps, err := db.SearchProblems(ctx, bc.words, 0)
			if err != nil {
				b.Fatal(err)
			}
			if len(ps) < bc.min {
				b.Fatalf("%q: %d problems, want at least %d", bc.words, len(ps), bc.min)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := db.SearchProblems(ctx, bc.words, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
