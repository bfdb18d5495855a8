package commands

// Messages of one session of a series: joining and leaving it, and where
// a whole-series join left the member.
func init() {
	register(map[string][2]string{
		"sessions.joined_series":   {"You joined the series of workshop #%d %s: every session to come.", "Vous avez rejoint la série de l'atelier #%d %s : toutes les séances à venir."},
		"sessions.already_series":  {"You are already in the series of workshop #%d %s.", "Vous êtes déjà dans la série de l'atelier #%d %s."},
		"sessions.seated_all":      {"You have a seat in all %d sessions to come; reminders come before each.", "Vous avez une place aux %d séances à venir ; un rappel arrive avant chacune."},
		"sessions.seated_in":       {"Seated in: %s.", "Place aux séances : %s."},
		"sessions.waiting_in":      {"Full, you are in line for: %s. You will be told if a seat frees up.", "Complet, vous êtes en attente pour : %s. Vous serez prévenu·e si une place se libère."},
		"sessions.item":            {"session %d (%s)", "séance %d (%s)"},
		"sessions.item_line":       {"session %d (%s, number %d in line)", "séance %d (%s, n° %d en attente)"},
		"sessions.more":            {"and %d more.", "et %d de plus."},
		"sessions.how_one":         {"One session only: `/workshop leave %[1]d session <n>` skips one; `/workshop series %[1]d` lists them.", "Une seule séance : `/workshop leave %[1]d séance <n>` en saute une ; `/workshop series %[1]d` les liste."},
		"sessions.how_all":         {"Every session to come: `/workshop join %d`.", "Toutes les séances à venir : `/workshop join %d`."},
		"sessions.joined_one":      {"You have a seat in session %d of workshop #%d %s, %s. Reminders come for that session only.", "Vous avez une place à la séance %d de l'atelier #%d %s, %s. Les rappels ne concernent que cette séance."},
		"sessions.already_in":      {"You already have a seat in session %d of workshop #%d %s, %s.", "Vous avez déjà une place à la séance %d de l'atelier #%d %s, %s."},
		"sessions.waitlisted_one":  {"Session %d of workshop #%d is full: you are number %d in line for it. You will be told if a seat frees up.", "La séance %d de l'atelier #%d est complète : vous êtes n° %d en attente. Vous serez prévenu·e si une place se libère."},
		"sessions.already_waiting": {"You are already in line for session %d of workshop #%d, number %d.", "Vous êtes déjà en attente pour la séance %d de l'atelier #%d, n° %d."},
		"sessions.left_one":        {"You left session %d of workshop #%d %s (%s); your other sessions stay as they were.", "Vous avez quitté la séance %d de l'atelier #%d %s (%s) ; vos autres séances restent inchangées."},
		"sessions.left_line":       {"You left the line for session %d of workshop #%d.", "Vous avez quitté la liste d'attente de la séance %d de l'atelier #%d."},
		"sessions.not_in":          {"You were not in session %d of workshop #%d.", "Vous n'étiez pas inscrit·e à la séance %d de l'atelier #%d."},
		"sessions.promoted":        {"%s moved from the line to a seat in session %d.", "%s passe de l'attente à une place à la séance %d."},
		"sessions.button":          {"Session %d only", "Séance %d seulement"},
		"sessions.button_line":     {"Session %d only (line)", "Séance %d seulement (attente)"},
		"sessions.label":           {"By session", "Par séance"},
		"sessions.line_names":      {"in line: %s", "en attente : %s"},
		"sessions.numbered":        {"session %d · %s", "séance %d · %s"},
		"notify.promoted_session":  {"🎉 A seat freed up in session %d of workshop #%d %s, %s: it is yours.", "🎉 Une place s'est libérée à la séance %d de l'atelier #%d %s, %s : elle est à vous."},

		"err.join_session_number":     {"`%s` is not a session number: `/workshop series %d` lists them.", "`%s` n'est pas un numéro de séance : `/workshop series %d` les liste."},
		"err.join_session_unknown":    {"That is not a session of this workshop: `/workshop series <id>` lists its sessions with their numbers.", "Ce n'est pas une séance de cet atelier : `/workshop series <id>` liste ses séances avec leur numéro."},
		"err.join_session_cancelled":  {"That session is cancelled: pick another in `/workshop series <id>`.", "Cette séance est annulée : choisissez-en une autre dans `/workshop series <id>`."},
		"err.join_session_past":       {"That session has already begun: only sessions to come can be joined or left (`/workshop series <id>`).", "Cette séance a déjà commencé : seules les séances à venir se rejoignent ou se quittent (`/workshop series <id>`)."},
		"err.join_session_not_series": {"This workshop is not a series: join it with `/workshop join <id>`.", "Cet atelier n'est pas une série : rejoignez-le avec `/workshop join <id>`."},
		"discord.opt.join_session":    {"One session only (its number in /workshop series); empty: every session", "Une seule séance (son numéro dans /workshop series) ; vide : toutes"},
	})
}
