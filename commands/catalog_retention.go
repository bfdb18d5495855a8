package commands

// Messages of the retention table (/atelier stats retention).
func init() {
	register(map[string][2]string{
		"err.retention_period": {"`%s` is neither a year such as 2025 nor a cohort date such as 2025-03-01. Nothing was computed.",
			"`%s` n'est ni une année comme 2025 ni une date de cohorte comme 2025-03-01. Rien n'a été calculé."},
		"err.retention_early": {"The cohort of %s can only be counted 12 months later, from %s.",
			"La cohorte du %s ne peut être comptée que 12 mois plus tard, à partir du %s."},
		"retention.header": {"Retention: members with an organisation on %s, and whether they are still with it on %s. Participants: %d sessions or more in that year; others: fewer.",
			"Fidélisation : les membres rattachés à une organisation le %s, et s'ils y sont encore le %s. Participants : %d séances ou plus dans l'année ; autres : moins."},
		"retention.caveat": {"Read from the organisation history members (/me org) and staff (import) recorded, never from activity. Groups under %d members show “< 5”.",
			"Lu dans l'historique des organisations saisi par les membres (/me org) et l'équipe (import), jamais dans l'activité. Les groupes de moins de %d membres affichent « < 5 »."},
		"err.orgs_line": {"Line %d (`%s`) is not `@member, organisation, YYYY-MM-DD`. Nothing was recorded.",
			"La ligne %d (`%s`) n'est pas `@membre, organisation, AAAA-MM-JJ`. Rien n'a été enregistré."},
		"err.orgs_member": {"Line %d: I know no member `%s`. Nothing was recorded.", "Ligne %d : je ne connais aucun membre `%s`. Rien n'a été enregistré."},
		"err.orgs_date": {"Line %d: `%s` is not a past date such as 2024-09-01. Nothing was recorded.",
			"Ligne %d : `%s` n'est pas une date passée comme 2024-09-01. Rien n'a été enregistré."},
		"orgs.imported": {"%d start dates recorded for %d members; their current organisation is their latest.",
			"%d dates d'arrivée enregistrées pour %d membres ; leur organisation actuelle est la plus récente."},
		"usage.atelier.orgs":   {"/atelier orgs <@member>, <organisation>, <YYYY-MM-DD> (one line each)", "/atelier orgs <@membre>, <organisation>, <AAAA-MM-JJ> (une ligne chacun)"},
		"example.atelier.orgs": {"/atelier orgs @alice, IGN, 2023-09-01; @bob, CNRS, 2024-01-15", "/atelier orgs @alice, IGN, 2023-09-01; @bob, CNRS, 2024-01-15"},
		"help.atelier.orgs": {"Record member organisations and start dates (a pasted CSV), for the retention table.",
			"Organisations des membres et dates d'arrivée (CSV collé), pour la fidélisation."},
		"retention.none":  {"No member has an organisation recorded on that date.", "Aucun membre n'a d'organisation enregistrée à cette date."},
		"retention.row":   {"• %s: participants %s · others %s", "• %s : participants %s · autres %s"},
		"retention.group": {"%d of %d still there (%s)", "%d sur %d encore là (%s)"},
		"retention.small": {"< %d", "< %d"},
	})
}
