package commands_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

func benchRouter(b *testing.B) (*commands.Router, *storage.DB) {
	b.Helper()
	db, err := storage.Open(context.Background(), b.TempDir()+"/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	paris, _ := time.LoadLocation("Europe/Paris")
	r := commands.NewRouter(db, commands.Config{
		Location: paris,
		Language: commands.EN,
		IsStaff:  func(p, u string) bool { return u == "admin" },
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return r, db
}

func req(user, line string) *commands.Request {
	return &commands.Request{Platform: "console", Workspace: "local", UserID: user, UserName: user, Channel: "console", Line: line}
}

// BenchmarkProblemPost is a typed /problem post through the router: member
// resolution, parsing, validation, the insert with tags and the FTS index,
// and the reply card.
func BenchmarkProblemPost(b *testing.B) {
	r, _ := benchRouter(b)
	ctx := context.Background()
	r.Handle(ctx, req("alice", "me")) // the member exists, as in steady state
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		rep := r.Handle(ctx, req("alice", fmt.Sprintf("problem post Missing values in sensor series %d | Gaps of hours #timeseries #imputation", i)))
		if !rep.Public {
			b.Fatalf("post refused: %s", rep.Text)
		}
	}
}

// BenchmarkWorkshopJoin is a /workshop join through the router by a known
// member. Workshops fill up to 20 participants, then the next one is
// used, so each join sees a realistic participant list.
func BenchmarkWorkshopJoin(b *testing.B) {
	r, _ := benchRouter(b)
	ctx := context.Background()
	const perWorkshop = 20
	for i := range perWorkshop {
		r.Handle(ctx, req(fmt.Sprintf("m%d", i), "me"))
	}
	workshop := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%perWorkshop == 0 {
			b.StopTimer()
			if rep := r.Handle(ctx, req("admin", "workshop create capacity 15 Time series clinic #timeseries")); !rep.Public {
				b.Fatalf("create refused: %s", rep.Text)
			}
			workshop++
			b.StartTimer()
		}
		rep := r.Handle(ctx, req(fmt.Sprintf("m%d", i%perWorkshop), fmt.Sprintf("workshop join %d", workshop)))
		if len(rep.Refresh) != 1 {
			b.Fatalf("join refused: %s", rep.Text)
		}
	}
}

func seedProblems(b *testing.B, r *commands.Router, n int) {
	b.Helper()
	ctx := context.Background()
	topics := []string{"Données manquantes", "Missing values", "Causal inference", "Prévision de la demande", "Graph embeddings", "Détection d'anomalies", "LLM evaluation", "Séries temporelles"}
	tags := []string{"#timeseries", "#nlp", "#causal", "#forecasting", "#graphs", "#anomaly", "#llm", "#vision"}
	for i := range n {
		line := fmt.Sprintf("problem post %s %d | context %d #%s %s", topics[i%len(topics)], i, i, fmt.Sprintf("t%d", i%50), tags[i%len(tags)])
		if rep := r.Handle(ctx, req(fmt.Sprintf("u%d", i%100), line)); !rep.Public {
			b.Fatalf("seed refused: %s", rep.Text)
		}
	}
}

// BenchmarkProblemList10k and BenchmarkProblemSearch10k are the read
// commands through the router with 10,000 problems in the database.
func BenchmarkProblemList10k(b *testing.B) {
	r, _ := benchRouter(b)
	seedProblems(b, r, 10000)
	ctx := context.Background()
	for _, line := range []string{"problem list", "problem list #nlp"} {
		b.Run(line, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Handle(ctx, req("alice", line))
			}
		})
	}
}

func BenchmarkProblemSearch10k(b *testing.B) {
	r, _ := benchRouter(b)
	seedProblems(b, r, 10000)
	ctx := context.Background()
	for _, line := range []string{"problem search donnees", "problem search séries temporelles", "problem search causal 12"} {
		b.Run(line, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Handle(ctx, req("alice", line))
			}
		})
	}
}
