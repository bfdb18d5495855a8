package commands

// Messages of "open to opportunities".
func init() {
	register(map[string][2]string{
		"err.opportunities_usage": {"Write `/me opportunities on` (for 90 days) or `/me opportunities off`.", "Écrivez `/me opportunites oui` (pour 90 jours) ou `/me opportunites non`."},
		"err.not_recruiter": {"Only recruiters see who is open to opportunities: a member with their organisation set (`/me org`) and a job offer listed (`/jobs post`).",
			"Seuls les recruteurs voient qui est ouvert aux opportunités : un membre dont l'organisation est indiquée (`/me org`) et qui a une offre en ligne (`/jobs post`)."},

		"opportunities.on": {"You are open to opportunities until %s: recruiters of member organisations see your name, organisation and interests in `/jobs candidates`. `/me opportunities off` stops it at any time.",
			"Vous êtes ouvert aux opportunités jusqu'au %s : les recruteurs des organisations membres voient votre nom, votre organisation et vos intérêts dans `/jobs candidates`. `/me opportunites non` l'arrête à tout moment."},
		"opportunities.not_employer": {"Nobody recruiting for your own organisation (%s) sees it.", "Personne ne recrutant pour votre propre organisation (%s) ne le voit."},
		"opportunities.set_org": {"You have not set your organisation: set it with `/me org <name>` so that your own employer never sees it.",
			"Vous n'avez pas indiqué votre organisation : indiquez-la avec `/me org <nom>` pour que votre employeur ne le voie jamais."},
		"opportunities.off":   {"You are no longer open to opportunities: recruiters no longer see you.", "Vous n'êtes plus ouvert aux opportunités : les recruteurs ne vous voient plus."},
		"opportunities.none":  {"Nobody you may see is open to opportunities right now.", "Personne que vous pouvez voir n'est ouvert aux opportunités pour l'instant."},
		"opportunities.list":  {"Open to opportunities (%d):", "Ouverts aux opportunités (%d) :"},
		"opportunities.until": {"until %s", "jusqu'au %s"},

		"usage.jobs.candidates":   {"/jobs candidates", "/jobs candidats"},
		"example.jobs.candidates": {"/jobs candidates", "/jobs candidats"},
		"help.jobs.candidates":    {"Recruiters: members open to opportunities, never your own organisation's.", "Recruteurs : membres ouverts aux opportunités, jamais ceux de votre organisation."},
	})
}
