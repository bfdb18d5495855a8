package commands

// Messages of recruiting sessions' follow-up, consent to share with the
// organisations of an event, and organisations' staff.
func init() {
	register(map[string][2]string{
		"recruiting.new_offer": {"📣 New offer from %s, presenting at the recruiting session you registered for (#%d %s):",
			"📣 Nouvelle offre de %s, présente à la session de recrutement où vous êtes inscrit·e (#%d %s) :"},
		"recruiting.offer_footer": {"You hear of an organisation's new offers until 30 days after its session. `/me notify off` stops these messages.",
			"Vous êtes prévenu·e des nouvelles offres d'une organisation jusqu'à 30 jours après sa session. `/me notify off` arrête ces messages."},
	})
}
