package commands

// Messages of the jobs board and of interest matching.
func init() {
	register(map[string][2]string{
		// Refusals from storage (err.<reason>), without arguments: those
		// that quote a limit or a time are turned into the keys below them
		// by jobErr.
		"err.job":                      {"No job has that id. `/jobs list` shows them.", "Aucune offre ne porte cet identifiant. `/jobs list` les montre."},
		"err.job_closed":               {"This job offer is closed.", "Cette offre est fermée."},
		"err.not_poster":               {"Only the member who posted this job, or staff, can do that.", "Seul le membre qui a publié cette offre, ou l'équipe, peut faire cela."},
		"err.job_organisation_missing": {"Give the organisation that hires.", "Donnez l'organisation qui recrute."},
		"err.job_contract":             {"The contract must be permanent, fixed-term, internship, phd, postdoc or freelance.", "Le contrat doit être CDI, CDD, stage, thèse, postdoc ou freelance."},
		"err.job_level":                {"The level must be student, junior, phd or senior.", "Le niveau doit être étudiant, junior, docteur ou senior."},
		"err.job_location_missing":     {"Give a location, or `remote`.", "Donnez un lieu, ou `télétravail`."},
		"err.job_location_too_long":    {"The location is too long.", "Le lieu est trop long."},
		"err.job_url": {"That apply link is not a web address: it must start with https:// or http://, name a site, and have no spaces.",
			"Ce lien pour postuler n'est pas une adresse web : il doit commencer par https:// ou http://, nommer un site et ne pas contenir d'espace."},
		"err.job_url_missing":    {"Give the link where candidates apply, starting with https://.", "Donnez le lien où postuler, qui commence par https://."},
		"err.job_expiry_past":    {"The expiry must be in the future: give a number of days, or a date after today.", "L'expiration doit être dans le futur : donnez un nombre de jours, ou une date après aujourd'hui."},
		"err.job_expiry_far":     {"That expiry is too far away.", "Cette expiration est trop lointaine."},
		"err.job_daily_cap":      {"You have posted as many jobs as allowed in a day. Nothing was posted.", "Vous avez publié autant d'offres que permis en une journée. Rien n'a été publié."},
		"err.job_expiry_far_max": {"A job stays listed %d days at most: until %s at the latest. Nothing was posted.", "Une offre reste en ligne %d jours au plus : jusqu'au %s au plus tard. Rien n'a été publié."},
		"err.job_daily_cap_until": {"You have posted %d jobs in the last 24 hours, as many as allowed; you can post again %s. Nothing was posted.",
			"Vous avez publié %d offres ces dernières 24 heures, autant que permis ; vous pourrez à nouveau publier %s. Rien n'a été publié."},
		"err.job_location_too_long_max": {"The location is too long (%d characters at most).", "Le lieu est trop long (%d caractères au plus)."},

		// Refusals of the commands.
		"err.job_missing": {"Missing: %s. Nothing was posted. `/atelier help jobs` shows the form of a post.", "Il manque : %s. Rien n'a été publié. `/atelier help jobs` montre la forme d'une offre."},
		"err.job_contract_named": {"`%s` is not a contract: write permanent, fixed-term, internship, phd, postdoc or freelance.",
			"`%s` n'est pas un contrat : écrivez CDI, CDD, stage, thèse, postdoc ou freelance."},
		"err.job_level_named": {"`%s` is not a level: write student, junior, phd or senior.", "`%s` n'est pas un niveau : écrivez étudiant, junior, docteur ou senior."},
		"err.job_term": {"I cannot read `%s`: write the contract, the level and, if you wish, the days listed, e.g. `postdoc junior 45`.",
			"Je ne comprends pas `%s` : écrivez le contrat, le niveau et, si vous voulez, les jours en ligne, par exemple `postdoc junior 45`."},
		"err.job_url_named": {"`%s` is not a valid apply link: it must start with https:// or http://, name a site, and have no spaces.",
			"`%s` n'est pas un lien valide pour postuler : il doit commencer par https:// ou http://, nommer un site et ne pas contenir d'espace."},
		"err.job_expiry_bad": {"`%s` is neither a number of days nor a date such as 2027-01-15.", "`%s` n'est ni un nombre de jours ni une date comme 2027-01-15."},
		"err.jobs_filter": {"`%s` is not a filter: use a #tag, a level (student, junior, phd, senior), a contract (permanent, fixed-term, internship, postdoc, freelance) or `remote`.",
			"`%s` n'est pas un filtre : utilisez un #tag, un niveau (étudiant, junior, docteur, senior), un contrat (CDI, CDD, stage, postdoc, freelance) ou `télétravail`."},
		"err.notify_usage": {"Say `/me notify off` to stop messages about new problems, workshops and jobs on your interests, `/me notify on` to get them again.",
			"Dites `/me notify off` pour ne plus recevoir de messages sur les nouveaux problèmes, ateliers et offres liés à vos intérêts, `/me notify on` pour les recevoir à nouveau."},

		// The names of the fields of a post, as "Missing: …" says them.
		"jobs.field.title":        {"the title", "le titre"},
		"jobs.field.organisation": {"the organisation", "l'organisation"},
		"jobs.field.contract":     {"the contract (permanent, fixed-term, internship, phd, postdoc, freelance)", "le contrat (CDI, CDD, stage, thèse, postdoc, freelance)"},
		"jobs.field.level":        {"the level (student, junior, phd, senior)", "le niveau (étudiant, junior, docteur, senior)"},
		"jobs.field.location":     {"the location, or remote", "le lieu, ou télétravail"},
		"jobs.field.url":          {"the apply link", "le lien pour postuler"},

		// Replies.
		"jobs.posted":          {"Job #%d posted; it stays listed until %s.", "Offre #%d publiée ; elle reste en ligne jusqu'au %s."},
		"jobs.posted_channels": {"Its card is on its way to the jobs channel.", "Sa carte part vers le canal des offres."},
		"jobs.list":            {"Open job offers:", "Offres ouvertes :"},
		"jobs.list_filtered":   {"Open job offers (%s):", "Offres ouvertes (%s) :"},
		"jobs.list_empty":      {"No open job offer matches. Post one with `/jobs post`.", "Aucune offre ouverte ne correspond. Publiez-en une avec `/jobs post`."},
		"jobs.search":          {"Job offers matching “%s”:", "Offres correspondant à « %s » :"},
		"jobs.search_empty":    {"No open job offer matches “%s”.", "Aucune offre ouverte ne correspond à « %s »."},
		"jobs.closed":          {"Job #%d %s is closed: it no longer shows in lists.", "L'offre #%d %s est fermée : elle n'apparaît plus dans les listes."},
		"jobs.renewed":         {"Job #%d %s is renewed: listed until %s.", "L'offre #%d %s est renouvelée : en ligne jusqu'au %s."},
		"jobs.remote":          {"Remote", "Télétravail"},
		"jobs.footer":          {"Job #%d · `/jobs show %[1]d`", "Offre #%d · `/jobs show %[1]d`"},
		"jobs.footer_by":       {"Job #%d · posted by %s · `/jobs show %[1]d`", "Offre #%d · publiée par %s · `/jobs show %[1]d`"},

		// Notifications.
		"jobs.expiring": {"⏳ Your job offer #%d %s leaves the board %s. Still hiring? Renew it for %d more days.",
			"⏳ Votre offre #%d %s quitte le tableau le %s. Vous recrutez toujours ? Renouvelez-la pour %d jours de plus."},
		"jobs.expiring_footer": {"Not renewed, it leaves the lists by itself.", "Sans renouvellement, elle quitte les listes d'elle-même."},
		"jobs.new":             {"💼 New job offer", "💼 Nouvelle offre"},

		"match.told":           {"%d members whose interests match will hear of it.", "%d membres dont les intérêts correspondent en seront informés."},
		"match.header":         {"🔔 New on your interests:", "🔔 Du nouveau sur vos intérêts :"},
		"match.shares":         {"Shares %s with your interests.", "Partage %s avec vos intérêts."},
		"match.footer":         {"At most one such message a day. `/me notify off` stops them.", "Au plus un message de ce genre par jour. `/me notify off` les arrête."},
		"match.kind.problem":   {"Problem", "Problème"},
		"match.kind.workshop":  {"Workshop", "Atelier"},
		"match.kind.job":       {"Job", "Offre"},
		"match.notify_off":     {"You will no longer get messages about new problems, workshops and jobs on your interests. `/me notify on` turns them back on.", "Vous ne recevrez plus de messages sur les nouveaux problèmes, ateliers et offres liés à vos intérêts. `/me notify on` les réactive."},
		"match.notify_on":      {"You will hear, at most once a day, of new problems, workshops and jobs on %s.", "Vous serez informé, au plus une fois par jour, des nouveaux problèmes, ateliers et offres sur %s."},
		"match.notify_on_none": {"Messages on your interests are on, but you have none yet: add some with `/me interests add #nlp`.", "Les messages sur vos intérêts sont activés, mais vous n'en avez pas encore : ajoutez-en avec `/me interests add #nlp`."},

		// Labels, buttons, states, words.
		"label.contract":          {"Contract", "Contrat"},
		"label.level":             {"Level", "Niveau"},
		"label.location":          {"Location", "Lieu"},
		"label.expires":           {"Listed until", "En ligne jusqu'au"},
		"button.apply":            {"Apply", "Postuler"},
		"button.renew":            {"Renew", "Renouveler"},
		"button.close_job":        {"Close", "Fermer"},
		"button.match_interested": {"Interested", "Intéressé·e"},
		"status.job_closed":       {"closed", "fermée"},
		"status.job_expired":      {"expired %s", "expirée le %s"},

		"contract.permanent":  {"Permanent", "CDI"},
		"contract.fixed_term": {"Fixed-term", "CDD"},
		"contract.internship": {"Internship", "Stage"},
		"contract.phd":        {"PhD position", "Thèse"},
		"contract.postdoc":    {"Postdoc", "Postdoc"},
		"contract.freelance":  {"Freelance", "Freelance"},
		"level.student":       {"Student", "Étudiant·e"},
		"level.junior":        {"Junior", "Junior"},
		"level.phd":           {"PhD", "Docteur·e"},
		"level.senior":        {"Senior", "Senior"},

		// The form. Discord caps titles and labels at 45 characters.
		"form.job.title":          {"Post a job offer", "Publier une offre"},
		"form.label.job_title":    {"Title and #tags", "Titre et #tags"},
		"form.label.organisation": {"Organisation", "Organisation"},
		"form.label.terms":        {"Contract, level, pay (and days listed)", "Contrat, niveau, salaire (et jours en ligne)"},
		"form.label.contract":     {"Contract, level, pay (and days listed)", "Contrat, niveau, salaire (et jours en ligne)"},
		"form.label.location":     {"Location, or remote", "Lieu, ou télétravail"},
		"form.label.url":          {"Apply link", "Lien pour postuler"},
		"form.ph.job_title":       {"Data scientist, clinical NLP #nlp #health", "Data scientist TAL clinique #nlp #sante"},
		"form.ph.organisation":    {"Who hires", "Qui recrute"},
		"form.ph.terms":           {"postdoc phd 45-55k€ 30 (default 30 days)", "postdoc docteur 45-55k€ 30 (30 jours par défaut)"},
		"form.ph.location":        {"Lyon, or remote, or Lyon or remote", "Lyon, ou télétravail, ou Lyon ou télétravail"},

		// Help.
		"usage.jobs.post": {"/jobs post <title> | <organisation> | <contract> | <level> | <location or remote> | <apply link> | <pay range> [| discipline: <…>] [| <days or YYYY-MM-DD>] #tags",
			"/jobs post <titre> | <organisation> | <contrat> | <niveau> | <lieu ou télétravail> | <lien pour postuler> | <salaire> [| discipline : <…>] [| <jours ou AAAA-MM-JJ>] #tags"},
		"example.jobs.post": {"/jobs post Data scientist, clinical NLP | CHU de Lyon | fixed-term | phd | Lyon or remote | https://chu-lyon.example/jobs/42 | 42-48k€ / year | discipline: biostatistics | 45 #nlp #health",
			"/jobs post Data scientist TAL clinique | CHU de Lyon | CDD | docteur | Lyon ou télétravail | https://chu-lyon.example/jobs/42 | 42-48k€ / an | discipline : biostatistique | 45 #nlp #sante"},
		"help.jobs.post": {"Post a job offer (a form on Slack and Discord): contract is permanent, fixed-term, internship, phd, postdoc or freelance; level is student, junior, phd or senior; listed 30 days unless you give days or a date.",
			"Publie une offre (un formulaire sur Slack et Discord) : contrat CDI, CDD, stage, thèse, postdoc ou freelance ; niveau étudiant, junior, docteur ou senior ; en ligne 30 jours sauf si vous donnez des jours ou une date."},

		"usage.jobs.list":   {"/jobs list [#tag] [level] [contract] [remote] [page N]", "/jobs list [#tag] [niveau] [contrat] [télétravail] [page N]"},
		"example.jobs.list": {"/jobs list #nlp phd remote", "/jobs list #nlp docteur télétravail"},
		"help.jobs.list":    {"List open job offers, newest first; expired ones leave by themselves.", "Liste les offres ouvertes, les plus récentes d'abord ; les offres expirées disparaissent d'elles-mêmes."},

		"usage.jobs.search":   {"/jobs search <words> [page N]", "/jobs search <mots> [page N]"},
		"example.jobs.search": {"/jobs search donnees sante", "/jobs search données santé"},
		"help.jobs.search":    {"Search open job offers by words, accents ignored.", "Cherche des offres ouvertes par mots, sans tenir compte des accents."},

		"usage.jobs.show":   {"/jobs show <id>", "/jobs show <id>"},
		"example.jobs.show": {"/jobs show #4", "/jobs show #4"},
		"help.jobs.show":    {"Show a job offer with its apply link.", "Affiche une offre avec son lien pour postuler."},

		"usage.jobs.close":   {"/jobs close <id>", "/jobs close <id>"},
		"example.jobs.close": {"/jobs close #4", "/jobs close #4"},
		"help.jobs.close":    {"Close a job offer (its poster or staff).", "Ferme une offre (la personne qui l'a publiée ou l'équipe)."},

		"usage.jobs.renew":   {"/jobs renew <id>", "/jobs renew <id>"},
		"example.jobs.renew": {"/jobs renew #4", "/jobs renew #4"},
		"help.jobs.renew":    {"Keep a job offer listed longer (its poster or staff).", "Garde une offre en ligne plus longtemps (la personne qui l'a publiée ou l'équipe)."},
	})
}
