package commands

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// Pay ranges and the PhD fields of job offers: "45-55k€", "€3,000–3,500
// /month", "60k-70k USD per year", "salaire 38 000 - 42 000 € brut / an".

var (
	payCurrency = `€|\$|£|eur|euros?|usd|dollars?|gbp|mad|dhs?|dirhams?|chf|cad`
	payNumber   = `\d{1,3}(?:[ \x{00A0}\x{202F}.,]\d{3})+|\d+(?:[.,]\d+)?`
	payRE       = regexp.MustCompile(`(?i)^(?:(?:pay|salary|salaire|rémunération|remuneration)\s*:?\s*)?` +
		`(` + payCurrency + `)?\s*(` + payNumber + `)\s*(k)?\s*(` + payCurrency + `)?` +
		`(?:\s*(?:-|–|—|to|à|a)\s*(` + payCurrency + `)?\s*(` + payNumber + `)\s*(k)?\s*(` + payCurrency + `)?)?` +
		`\s*(?:gross|brut|brute)?\s*(?:(?:/|per|par|a|an|un|une)\s*(year|yr|annum|an|année|annee|month|mo|mois|hour|hr|h|heure))?\s*(?:gross|brut|brute)?$`)
	thousands = regexp.MustCompile(`^\d{1,3}(?:[ \x{00A0}\x{202F}.,]\d{3})+$`)
)

var currencyCodes = map[string]string{
	"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
	"$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
	"£": "GBP", "gbp": "GBP",
	"mad": "MAD", "dh": "MAD", "dhs": "MAD", "dirham": "MAD", "dirhams": "MAD",
	"chf": "CHF", "cad": "CAD",
}

var periodWords = map[string]string{
	"year": storage.PayYear, "yr": storage.PayYear, "annum": storage.PayYear, "an": storage.PayYear, "année": storage.PayYear, "annee": storage.PayYear,
	"month": storage.PayMonth, "mo": storage.PayMonth, "mois": storage.PayMonth,
	"hour": storage.PayHour, "hr": storage.PayHour, "h": storage.PayHour, "heure": storage.PayHour,
}

// readPay reads a pay range (or one amount) with its currency, said once
// on either side, and its period (a year when not said). ok is false when
// s is not a pay at all.
func readPay(s string) (storage.Pay, bool) {
	m := payRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return storage.Pay{}, false
	}
	var cur string
	for _, c := range []string{m[1], m[4], m[5], m[8]} {
		if c == "" {
			continue
		}
		code := currencyCodes[strings.ToLower(c)]
		if cur != "" && code != cur {
			return storage.Pay{}, false
		}
		cur = code
	}
	if cur == "" {
		return storage.Pay{}, false // a bare number is days, or a typo
	}
	kMin, kMax := m[3] != "", m[7] != ""
	if m[6] != "" && kMax && !kMin {
		kMin = true // "45-55k€"
	}
	lo, ok1 := payAmount(m[2], kMin)
	hi, ok2 := lo, true
	if m[6] != "" {
		hi, ok2 = payAmount(m[6], kMax)
	}
	if !ok1 || !ok2 {
		return storage.Pay{}, false
	}
	p := storage.Pay{Min: lo, Max: hi, Currency: cur, Period: storage.PayYear}
	if m[9] != "" {
		p.Period = periodWords[strings.ToLower(m[9])]
	}
	return p, true
}

func payAmount(s string, k bool) (int64, bool) {
	if thousands.MatchString(s) {
		s = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || f <= 0 || f > 1e9 {
		return 0, false
	}
	if k {
		f *= 1000
	}
	return int64(f + 0.5), true
}

// findPay takes the pay out of a form's terms ("postdoc phd 45 50-60k€"):
// the longest run of words that reads as one.
func findPay(terms string) (rest string, p storage.Pay, found bool) {
	words := strings.Fields(terms)
	for i := 0; i < len(words); i++ {
		for j := len(words); j > i; j-- {
			if p, ok := readPay(strings.Join(words[i:j], " ")); ok {
				return strings.Join(append(append([]string{}, words[:i]...), words[j:]...), " "), p, true
			}
		}
	}
	return terms, storage.Pay{}, false
}

// readDiscipline reads "discipline: physics" or "domaine : physique".
func readDiscipline(s string) (string, bool) {
	f := strings.ToLower(strings.TrimSpace(s))
	for _, w := range []string{"discipline", "domaine", "field"} {
		if rest, ok := strings.CutPrefix(f, w); ok && (rest == "" || strings.HasPrefix(strings.TrimSpace(rest), ":") || rest[0] == ' ') {
			v := strings.TrimSpace(strings.TrimSpace(s)[len(w):])
			return strings.TrimSpace(strings.TrimPrefix(v, ":")), true
		}
	}
	return "", false
}

// postKindOf is the kind of post a contract word says: an industrial PhD
// (CIFRE), a postdoc, a permanent post, or none of these.
func postKindOf(word, contract string) string {
	switch {
	case industrialWords[fold(word)]:
		return storage.PostIndustrialPhD
	case contract == storage.ContractPostdoc:
		return storage.PostPostdoc
	case contract == storage.ContractPermanent:
		return storage.PostPermanent
	}
	return ""
}

var industrialWords = map[string]bool{"cifre": true, "industrialphd": true, "theseindustrielle": true, "thesecifre": true, "doctoratindustriel": true, "industrialdoctorate": true}

// formatPay reads "€45,000–55,000 / year" in English, "45 000–55 000 € / an"
// in French.
func formatPay(lang Lang, p storage.Pay) string {
	sym := map[string]string{"EUR": "€", "USD": "$", "GBP": "£"}[p.Currency]
	amount := groupDigits(lang, p.Min)
	if p.Max != p.Min {
		amount += "–" + groupDigits(lang, p.Max)
	}
	per := T(lang, "pay.per."+p.Period)
	switch {
	case sym == "":
		return amount + " " + p.Currency + " " + per
	case lang == FR:
		return amount + " " + sym + " " + per
	}
	return sym + amount + " " + per
}

func groupDigits(lang Lang, n int64) string {
	s := strconv.FormatInt(n, 10)
	sep := ","
	if lang == FR {
		sep = "\u202f"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}
