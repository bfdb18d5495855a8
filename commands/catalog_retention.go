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
		"retention.none":  {"No member has an organisation recorded on that date.", "Aucun membre n'a d'organisation enregistrée à cette date."},
		"retention.row":   {"• %s: participants %s · others %s", "• %s : participants %s · autres %s"},
		"retention.group": {"%d of %d still there (%s)", "%d sur %d encore là (%s)"},
		"retention.small": {"< %d", "< %d"},
	})
}
