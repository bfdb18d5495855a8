package storage

import (
	"strings"
	"unicode"
)

// Pay is a job's gross pay range, in whole units of its currency per
// period. The zero Pay is "not given".
type Pay struct {
	Min, Max int64
	Currency string // ISO 4217: EUR, USD, GBP, MAD, CHF, CAD
	Period   string // PayYear, PayMonth or PayHour
}

// Pay periods.
const (
	PayYear  = "year"
	PayMonth = "month"
	PayHour  = "hour"
)

// Currencies a pay range may be given in.
var Currencies = []string{"EUR", "USD", "GBP", "MAD", "CHF", "CAD"}

// Given reports whether a pay range was given.
func (p Pay) Given() bool { return p != Pay{} }

// Kinds of post young PhDs look for; "" is none said.
const (
	PostIndustrialPhD = "industrial_phd"
	PostPostdoc       = "postdoc"
	PostPermanent     = "permanent"
)

// PostKinds lists them in the order menus show them.
var PostKinds = []string{PostIndustrialPhD, PostPostdoc, PostPermanent}

// MaxDiscipline bounds a job's discipline, in characters.
const MaxDiscipline = 100

// maxPayRatio keeps a range a range: a top over five times the bottom
// says nothing of the pay.
const maxPayRatio = 5

// validatePay checks a job's pay and PhD fields; required is the policy's.
func validatePay(j *Job, required bool) error {
	j.Discipline = strings.Join(strings.Fields(j.Discipline), " ")
	switch {
	case !j.Pay.Given() && required:
		return Errorf(EINVALID, "job_pay_missing", "no pay range")
	case j.Pay.Given() && (j.Pay.Min <= 0 || j.Pay.Max < j.Pay.Min || j.Pay.Max > 100_000_000):
		return Errorf(EINVALID, "job_pay_range", "pay %d-%d", j.Pay.Min, j.Pay.Max)
	case j.Pay.Given() && j.Pay.Max > maxPayRatio*j.Pay.Min:
		return Errorf(EINVALID, "job_pay_wide", "pay %d-%d over %d times", j.Pay.Min, j.Pay.Max, maxPayRatio)
	case j.Pay.Given() && !contains(Currencies, j.Pay.Currency):
		return Errorf(EINVALID, "job_pay_currency", "currency %q", j.Pay.Currency)
	case j.Pay.Given() && !contains([]string{PayYear, PayMonth, PayHour}, j.Pay.Period):
		return Errorf(EINVALID, "job_pay_period", "period %q", j.Pay.Period)
	case j.PostKind != "" && !contains(PostKinds, j.PostKind):
		return Errorf(EINVALID, "job_post_kind", "post kind %q", j.PostKind)
	case len([]rune(j.Discipline)) > MaxDiscipline:
		return Errorf(EINVALID, "job_discipline_too_long", "discipline over %d characters", MaxDiscipline)
	case strings.IndexFunc(j.Discipline, unicode.IsControl) >= 0:
		return Errorf(EINVALID, "job_discipline", "control character in discipline")
	}
	return nil
}
