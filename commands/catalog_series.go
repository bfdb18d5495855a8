package commands

// Messages of recurring series.
func init() {
	register(map[string][2]string{
		"series.scheduled": {"Series added to workshop #%d: %s (%s). %d sessions made so far; more are made as time goes by, each with its reminders.",
			"Série ajoutée à l'atelier #%d : %s (%s). %d séances créées pour l'instant ; les suivantes le sont au fil du temps, chacune avec ses rappels."},
		"series.weekly":         {"every %s at %s", "tous les %s à %s"},
		"series.every_other":    {"every other %s at %s", "un %s sur deux à %s"},
		"series.every_n_weeks":  {"every %d weeks on %s at %s", "toutes les %d semaines le %s à %s"},
		"series.monthly":        {"the %s %s of every month at %s", "le %s %s du mois à %s"},
		"series.every_n_months": {"the %s %s, every %d months, at %s", "le %s %s, tous les %d mois, à %s"},
		"series.nth.1":          {"first", "premier"},
		"series.nth.2":          {"second", "deuxième"},
		"series.nth.3":          {"third", "troisième"},
		"series.nth.4":          {"fourth", "quatrième"},
		"series.nth.-1":         {"last", "dernier"},
		"series.day.0":          {"Sunday", "dimanche"},
		"series.day.1":          {"Monday", "lundi"},
		"series.day.2":          {"Tuesday", "mardi"},
		"series.day.3":          {"Wednesday", "mercredi"},
		"series.day.4":          {"Thursday", "jeudi"},
		"series.day.5":          {"Friday", "vendredi"},
		"series.day.6":          {"Saturday", "samedi"},
		"series.count":          {"%d sessions in all.", "%d séances en tout."},
		"series.until":          {"Until %s.", "Jusqu'au %s."},
		"series.no_end":         {"No end date: sessions exist %d weeks ahead; `/workshop series <id> stop` ends it.", "Sans date de fin : les séances existent %d semaines à l'avance ; `/workshop series <id> stop` l'arrête."},
		"series.session":        {"session %d · %s", "séance %d · %s"},
		"series.cancelled":      {"cancelled", "annulée"},
		"series.moved":          {"moved from %s", "déplacée du %s"},
		"series.one_session":    {"One session only: `/workshop reschedule %[1]d session <n> <when>`, `/workshop unschedule %[1]d session <n>`.", "Une seule séance : `/workshop reschedule %[1]d session <n> <quand>`, `/workshop unschedule %[1]d session <n>`."},
		"series.header":         {"Series of workshop #%d:", "Séries de l'atelier #%d :"},
		"series.none":           {"Workshop #%d has no series.", "L'atelier #%d n'a pas de série."},
		"series.is_stopped":     {"stopped", "arrêtée"},
		"series.stopped":        {"%d series of workshop #%d stopped: no more sessions will be made; those already made stay (cancel one with `/workshop unschedule`).", "%d série(s) de l'atelier #%d arrêtée(s) : plus aucune séance ne sera créée ; celles déjà créées restent (annulez-en une avec `/workshop unschedule`)."},

		"err.series_end":      {"`%s`: the end of a series is `until <date>` or `for <N> sessions`.", "`%s` : la fin d'une série s'écrit `jusqu'au <date>` ou `pendant <N> séances`."},
		"err.series_two_ends": {"A series ends either on a date or after a number of sessions, not both.", "Une série finit soit à une date, soit après un nombre de séances, pas les deux."},
		"err.series_interval": {"A series repeats every 1 to 12 weeks or months, on the first to fourth or last weekday of a month.", "Une série se répète toutes les 1 à 12 semaines ou mois, le premier au quatrième ou le dernier jour de la semaine du mois."},
		"err.series_count":    {"A series has 1 to 1000 sessions.", "Une série compte de 1 à 1000 séances."},
		"err.series_until":    {"The end date is before the first session.", "La date de fin précède la première séance."},
		"err.series":          {"That workshop has no running series.", "Cet atelier n'a pas de série en cours."},

		"discord.opt.session_of":      {"One session (its number in /workshop series); empty: the next one", "Une séance (son numéro dans /workshop series) ; vide : la prochaine"},
		"discord.sub.workshop.series": {"Show a workshop's recurring series, or stop them", "Montre les séries d'un atelier, ou les arrête"},

		"usage.workshop.series":   {"/workshop series <id> [stop]", "/workshop series <id> [stop]"},
		"example.workshop.series": {"/workshop series 3", "/workshop série 3"},
		"help.workshop.series":    {"Show a workshop's recurring series, or stop them.", "Montre les séries d'un atelier, ou les arrête."},
	})
}
