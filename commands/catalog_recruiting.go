package commands

// Messages of recruiting sessions.
func init() {
	register(map[string][2]string{
		"err.too_many_recruiting_jobs": {"A recruiting session presents 20 job offers at most.", "Une session de recrutement présente 20 offres au plus."},

		"label.recruiting":             {"Recruiting session · offers presented", "Session de recrutement · offres présentées"},
		"workshop.recruiting_no_offer": {"no offer listed any more", "plus aucune offre en ligne"},
		"workshop.recruiting_on":       {"Workshop #%d is a recruiting session presenting: %s.", "L'atelier #%d est une session de recrutement présentant : %s."},
		"workshop.recruiting_off":      {"Workshop #%d is no longer a recruiting session.", "L'atelier #%d n'est plus une session de recrutement."},
		"stats.recruiting":             {"Recruiting sessions: %d, with %d participants (counted apart)", "Sessions de recrutement : %d, avec %d participants (comptés à part)"},
		"usage.workshop.recruiting":    {"/workshop recruiting <id> <job id>[, <job id>…] | none", "/workshop recrutement <id> <n° d'offre>[, <n° d'offre>…] | aucun"},
		"example.workshop.recruiting":  {"/workshop recruiting #7 #3, #5", "/workshop recrutement #7 #3, #5"},
		"help.workshop.recruiting":     {"Make a workshop a recruiting session presenting job offers; `none` undoes it.", "Fait d'un atelier une session de recrutement présentant des offres ; `aucun` l'annule."},
	})
}
