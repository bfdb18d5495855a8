package commands

// Messages of job offers' pay ranges and PhD fields.
func init() {
	register(map[string][2]string{
		"err.job_pay_missing": {"Give the pay range (EU pay-transparency rules ask for it), e.g. `45-55k€`, `€3,000-3,500/month`, `60-70k USD per year`.",
			"Donnez la fourchette de salaire (les règles européennes de transparence la demandent), par ex. `45-55k€`, `3 000-3 500 €/mois`, `60-70k USD par an`."},
		"err.job_pay_range":    {"A pay range goes from a lower to a higher amount, both above zero: e.g. `45-55k€`.", "Une fourchette va d'un montant bas à un montant haut, tous deux au-dessus de zéro : par ex. `45-55k€`."},
		"err.job_pay_wide":     {"That pay range is too wide to say anything (its top is over 5 times its bottom).", "Cette fourchette est trop large pour dire quelque chose (son haut dépasse 5 fois son bas)."},
		"err.job_pay_currency": {"The currency must be one of € (EUR), $ (USD), £ (GBP), MAD, CHF or CAD.", "La devise doit être € (EUR), $ (USD), £ (GBP), MAD, CHF ou CAD."},
		"err.job_pay_period":   {"Pay is per year, per month or per hour.", "Le salaire est par an, par mois ou par heure."},
		"err.job_pay_named": {"I cannot read `%s` as a pay range: write e.g. `45-55k€`, `€3,000-3,500/month`, `60-70k USD per year`.",
			"Je ne lis pas `%s` comme une fourchette de salaire : écrivez par ex. `45-55k€`, `3 000-3 500 €/mois`, `60-70k USD par an`."},
		"err.job_extra": {"I cannot read `%s`: after the apply link come the pay range (`45-55k€`), `discipline: …` and how long it stays listed (days or a date).",
			"Je ne lis pas `%s` : après le lien pour postuler viennent le salaire (`45-55k€`), `discipline : …` et la durée en ligne (des jours ou une date)."},
		"err.job_post_kind":           {"The kind of post is an industrial PhD, a postdoc or a permanent post.", "Le type de poste est une thèse industrielle, un postdoc ou un poste permanent."},
		"err.job_discipline_too_long": {"The discipline is too long (100 characters at most).", "La discipline est trop longue (100 caractères au plus)."},
		"err.job_discipline":          {"The discipline cannot hold control characters.", "La discipline ne peut pas contenir de caractères de contrôle."},

		"discord.opt.pay":        {"Pay range, e.g. 45-55k€ or 3000-3500 €/month", "Fourchette de salaire, par ex. 45-55k€ ou 3000-3500 €/mois"},
		"discord.opt.discipline": {"Discipline, e.g. computer vision", "Discipline, par ex. vision par ordinateur"},

		"label.pay":        {"Pay", "Salaire"},
		"label.post_kind":  {"Kind of post", "Type de poste"},
		"label.discipline": {"Discipline", "Discipline"},
		"pay.per.year":     {"gross / year", "brut / an"},
		"pay.per.month":    {"gross / month", "brut / mois"},
		"pay.per.hour":     {"gross / hour", "brut / heure"},

		"post.industrial_phd": {"Industrial PhD (CIFRE)", "Thèse industrielle (CIFRE)"},
		"post.postdoc":        {"Postdoc", "Postdoc"},
		"post.permanent":      {"Permanent post", "Poste permanent"},
	})
}
