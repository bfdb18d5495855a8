package commands

// Messages of the community KPIs, privacy (export, forget), linked
// accounts and the preferred platform for notifications.
func init() {
	register(map[string][2]string{
		// Refusals.
		"err.period": {"I cannot read the period `%s`. Write `30d`, `12w`, `6m`, `1y` (counted back from today) or `2026-01-01..2026-06-30` (both days included).",
			"Je ne comprends pas la période `%s`. Écrivez `30j`, `12s`, `6mois`, `1a` (en remontant depuis aujourd'hui) ou `2026-01-01..2026-06-30` (les deux jours inclus)."},
		"err.stats_period": {"That period is empty.", "Cette période est vide."},
		"err.link_code":    {"That code is not valid. Type `/atelier link` on your other account to get one, then type it here within 10 minutes.", "Ce code n'est pas valable. Tapez `/atelier link` sur votre autre compte pour en obtenir un, puis tapez-le ici dans les 10 minutes."},
		"err.link_expired": {"That code has expired (codes last 10 minutes). Ask for a new one with `/atelier link` on your other account.", "Ce code a expiré (un code dure 10 minutes). Demandez-en un nouveau avec `/atelier link` sur votre autre compte."},
		"err.link_used":    {"That code has already been used. Each code links accounts once; ask for a new one with `/atelier link`.", "Ce code a déjà servi. Chaque code ne lie des comptes qu'une fois ; demandez-en un nouveau avec `/atelier link`."},
		"err.link_locked": {"Too many wrong codes: linking is paused for 15 minutes on this account. Nothing was linked.",
			"Trop de codes erronés : la liaison est suspendue 15 minutes sur ce compte. Rien n'a été lié."},
		"err.link_self":       {"That code is this account's own (or the accounts are already linked): type it on your account on the other platform.", "Ce code est celui de ce compte (ou les comptes sont déjà liés) : tapez-le sur votre compte de l'autre plateforme."},
		"err.forget_code":     {"That confirmation code is not valid. Type `/atelier forget` to get one.", "Ce code de confirmation n'est pas valable. Tapez `/atelier forget` pour en obtenir un."},
		"err.forget_expired":  {"That confirmation has expired; nothing was deleted. Type `/atelier forget` again if you still want to.", "Cette confirmation a expiré ; rien n'a été supprimé. Tapez à nouveau `/atelier forget` si vous le souhaitez toujours."},
		"err.forget_used":     {"That confirmation code has already been used.", "Ce code de confirmation a déjà servi."},
		"err.notify_platform": {"You have no %s account linked. Link it first with `/atelier link`.", "Vous n'avez pas de compte %s lié. Liez-le d'abord avec `/atelier link`."},
		"err.notify_on_usage": {"Say `/me notify-on slack`, `/me notify-on discord`, or `/me notify-on all` for every platform you use.", "Dites `/me notify-on slack`, `/me notify-on discord`, ou `/me notify-on all` pour toutes vos plateformes."},

		// KPIs.
		"stats.header":             {"Community statistics from %s to %s", "Statistiques de la communauté du %s au %s"},
		"stats.problems":           {"Problems posted: %d", "Problèmes publiés : %d"},
		"stats.to_workshop":        {"Turned into workshops: %d (%s)", "Devenus des ateliers : %d (%s)"},
		"stats.first_session":      {"Median time from problem to first session: %s days (over %d problems)", "Délai médian du problème à la première séance : %s jours (sur %d problèmes)"},
		"stats.first_session_none": {"Median time from problem to first session: — (no problem of the period has had a session)", "Délai médian du problème à la première séance : — (aucun problème de la période n'a eu de séance)"},
		"stats.sessions":           {"Sessions held: %d", "Séances tenues : %d"},
		"stats.participants":       {"Participants: %d (unique: %d)", "Participants : %d (distincts : %d)"},
		"stats.waitlist":           {"Waitlist peak: %d (workshop #%d)", "Pic de liste d'attente : %d (atelier #%d)"},
		"stats.waitlist_none":      {"Waitlist peak: 0", "Pic de liste d'attente : 0"},
		"stats.retention":          {"Retention: %s (%d of %d came back for another workshop)", "Fidélité : %s (%d sur %d sont revenus pour un autre atelier)"},
		"stats.feedback":           {"Feedback: average %s/5 over %d answers, response rate %s", "Avis : moyenne %s/5 sur %d réponses, taux de réponse %s"},
		"stats.feedback_none":      {"Feedback: no answer", "Avis : aucune réponse"},
		"stats.jobs":               {"Jobs: %d posted, %d closed", "Offres d'emploi : %d publiées, %d fermées"},
		"stats.jobs_none":          {"Jobs: no jobs board yet", "Offres d'emploi : pas encore de tableau des offres"},
		"stats.tags":               {"Most active tags: %s", "Tags les plus actifs : %s"},
		"stats.organisations":      {"Most active organisations: %s", "Organisations les plus actives : %s"},
		"stats.footer":             {"How each figure is counted: `/atelier help atelier`. As a spreadsheet: `/atelier stats csv`.", "Comment chaque chiffre est compté : `/atelier help atelier`. En tableur : `/atelier stats csv`."},
		"stats.pct":                {"%d%%", "%d %%"},
		"stats.csv_attached":       {"Statistics attached: %s", "Statistiques en pièce jointe : %s"},

		// Privacy.
		"privacy.export": {"Here is everything the community holds about you: %s (only you see this).", "Voici tout ce que la communauté conserve sur vous : %s (vous seul le voyez)."},
		"privacy.forget_ask": {"Do you want the community to forget you? This cannot be undone.",
			"Voulez-vous que la communauté vous oublie ? C'est irréversible."},
		"privacy.forget_title": {"Forget me", "M'oublier"},
		"privacy.forget_what": {"Deleted: your name, organisation, accounts, interests, calendar feed, feedback comments, queued messages, and the text of your problems.\nKept without your name, so the community's counts stay right: your seats in past workshops, your scores, your “me too”s, and your problems' tags.",
			"Supprimés : votre nom, organisation, comptes, intérêts, agenda, commentaires d'avis, messages en attente, et le texte de vos problèmes.\nGardés sans votre nom, pour que les comptes de la communauté restent justes : vos places aux ateliers passés, vos notes, vos « moi aussi », et les tags de vos problèmes."},
		"privacy.forget_footer": {"Press the button or type `%s` before %s.", "Appuyez sur le bouton ou tapez `%s` avant %s."},
		"privacy.forgotten": {"Done: the community has forgotten you. If you write again, you will start as a new member.",
			"C'est fait : la communauté vous a oublié. Si vous écrivez à nouveau, vous repartirez comme nouveau membre."},
		"button.forget": {"Forget me", "M'oublier"},

		// Linked accounts and the preferred platform.
		"link.code": {"Your code: *%s* (valid until %s, once). On your other account (Slack or Discord), type `%s`.",
			"Votre code : *%s* (valable jusqu'à %s, une fois). Sur votre autre compte (Slack ou Discord), tapez `%s`."},
		"link.done": {"Linked: your %s and %s accounts are now one member, %s. Seats, interests, problems and feedback are merged.",
			"C'est lié : vos comptes %s et %s ne font plus qu'un membre, %s. Places, intérêts, problèmes et avis sont réunis."},
		"link.accounts":    {"Your accounts: %s. Notifications go to %s (`/me notify-on slack|discord|all`).", "Vos comptes : %s. Les notifications vont %s (`/me notify-on slack|discord|all`)."},
		"link.notify_all":  {"every platform", "sur toutes les plateformes"},
		"link.notify_one":  {"%s only", "sur %s seulement"},
		"me.notify_on":     {"Reminders and other messages now go to %s only.", "Les rappels et autres messages vont désormais sur %s seulement."},
		"me.notify_on_all": {"Reminders and other messages now go to every platform you use.", "Les rappels et autres messages vont désormais sur toutes vos plateformes."},
		"platform.slack":   {"Slack", "Slack"},
		"platform.discord": {"Discord", "Discord"},
		"platform.console": {"console", "console"},

		// Help.
		"usage.atelier.stats":   {"/atelier stats [csv] [30d|90d|6m|1y|2026-01-01..2026-06-30]", "/atelier stats [csv] [30j|90j|6mois|1a|2026-01-01..2026-06-30]"},
		"example.atelier.stats": {"/atelier stats 6m", "/atelier stats 6mois"},
		"help.atelier.stats": {"The community's KPIs over a period (default the last 90 days; `csv` attaches them as a spreadsheet). " +
			"Problems posted in the period; the share a workshop (not cancelled) was created from; " +
			"the median time from posting to the first session held of such a workshop. " +
			"Sessions held: not cancelled, started in the period. " +
			"Participants: members seated in the workshop before the session ended, summed over sessions; unique: distinct members. " +
			"Waitlist peak: the longest line a workshop with a session in the period reached. " +
			"Retention: the share of unique participants who took part in two different workshops by the period's end. " +
			"Feedback: the average score given by those participants, and answers per participation. " +
			"Jobs posted and closed in the period. Most active tags (problems, workshops held, jobs) and organisations (their members' problems and participations, their jobs). " +
			"Comments are never shown. `/atelier stats skills [year]`: the before/now answers as distributions by tag, quarter and organisation, and the 30-day reuse answers (groups under 5 people hidden).",
			"Les indicateurs de la communauté sur une période (par défaut les 90 derniers jours ; `csv` les joint en tableur). " +
				"Problèmes publiés dans la période ; la part dont un atelier (non annulé) est né ; " +
				"le délai médian entre la publication et la première séance tenue d'un tel atelier. " +
				"Séances tenues : non annulées, commencées dans la période. " +
				"Participants : membres inscrits à l'atelier avant la fin de la séance, additionnés sur les séances ; distincts : membres différents. " +
				"Pic de liste d'attente : la plus longue file atteinte par un atelier ayant tenu une séance dans la période. " +
				"Fidélité : la part des participants distincts venus à deux ateliers différents avant la fin de la période. " +
				"Avis : la note moyenne donnée par ces participants, et les réponses par participation. " +
				"Offres publiées et fermées dans la période. Tags les plus actifs (problèmes, ateliers tenus, offres) et organisations (problèmes et participations de leurs membres, leurs offres). " +
				"Les commentaires ne sont jamais montrés. `/atelier stats skills [année]` : les réponses avant/maintenant en distributions par tag, trimestre et organisation, et les réponses à 30 jours (groupes de moins de 5 personnes masqués)."},

		"usage.atelier.export":   {"/atelier export", "/atelier export"},
		"example.atelier.export": {"/atelier export", "/atelier export"},
		"help.atelier.export":    {"Get everything the community holds about you, as a JSON file only you see.", "Recevez tout ce que la communauté conserve sur vous, en fichier JSON que vous seul voyez."},

		"usage.atelier.forget":   {"/atelier forget [confirm <code>]", "/atelier forget [confirm <code>]"},
		"example.atelier.forget": {"/atelier forget", "/atelier forget"},
		"help.atelier.forget":    {"Have the community forget you, after a confirmation: your name, accounts and texts are deleted; counts keep your past seats without a name.", "Faites-vous oublier de la communauté, après confirmation : nom, comptes et textes supprimés ; les comptes gardent vos places passées sans nom."},

		"usage.atelier.link":   {"/atelier link [code]", "/atelier link [code]"},
		"example.atelier.link": {"/atelier link", "/atelier link"},
		"help.atelier.link":    {"Make your Slack and Discord accounts one member: get a code here, type `/atelier link <code>` on the other within 10 minutes.", "Réunissez vos comptes Slack et Discord en un membre : obtenez un code ici, tapez `/atelier link <code>` sur l'autre dans les 10 minutes."},
	})
}
