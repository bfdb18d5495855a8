package commands

// Messages of the scheduler: reminders, announcements, digests, feedback
// and nudges, and the commands that drive them.
func init() {
	register(map[string][2]string{
		// Refusals from storage.
		"err.announcement":          {"No announcement has that id. `/announce list` shows them.", "Aucune annonce ne porte cet identifiant. `/announce list` les montre."},
		"err.announcement_empty":    {"The announcement has no text.", "L'annonce n'a pas de texte."},
		"err.announcement_too_long": {"The announcement is too long (%d characters at most).", "L'annonce est trop longue (%d caractères au plus)."},
		"err.session":               {"That workshop has no session to come.", "Cet atelier n'a pas de séance à venir."},
		"err.feedback_early":        {"That session has not taken place yet.", "Cette séance n'a pas encore eu lieu."},
		"err.not_participant":       {"Only the session's participants can give feedback on it.", "Seuls les participants de la séance peuvent donner leur avis."},
		"err.feedback_score":        {"Give a score from 1 to 5.", "Donnez une note de 1 à 5."},
		"err.comment_too_long":      {"The comment is too long (%d characters at most).", "Le commentaire est trop long (%d caractères au plus)."},
	})
}
