package commands

// Messages of training tracks.
func init() {
	register(map[string][2]string{
		"err.track_module":       {"`%s` is not a training id: list them as `#3, #7, #12`.", "`%s` n'est pas un identifiant de formation : listez-les comme `#3, #7, #12`."},
		"err.track_when":         {"Say which track, then a weekday and an hour: `/training follow Causal inference tuesday 9am`.", "Donnez le parcours, puis un jour et une heure : `/training follow Inférence causale mardi 9h`."},
		"err.track":              {"No track has that name: `/training tracks` lists them.", "Aucun parcours de ce nom : `/training tracks` les liste."},
		"err.track_name":         {"A track needs a name of 200 characters at most.", "Un parcours a besoin d'un nom de 200 caractères au plus."},
		"err.track_modules":      {"A track holds 1 to 52 modules.", "Un parcours compte de 1 à 52 modules."},
		"err.track_not_followed": {"You do not follow that track.", "Vous ne suivez pas ce parcours."},
		"track.added":            {"Track “%s” added: %d modules, one a week for those who follow it.", "Parcours « %s » ajouté : %d modules, un par semaine pour qui le suit."},
		"track.following":        {"You follow “%s” (%d modules): one a week, on %s at %s (%s); the first on %s. `/training pause`, `resume` or `stop` it any time.", "Vous suivez « %s » (%d modules) : un par semaine, le %s à %s (%s) ; le premier le %s. `/training pause`, `resume` ou `stop` à tout moment."},
		"track.paused":           {"“%s” is paused: `/training resume` brings it back.", "« %s » est en pause : `/training resume` le reprend."},
		"track.resumed":          {"“%s” goes on: the next module on %s.", "« %s » reprend : le prochain module le %s."},
		"track.stopped":          {"You no longer follow “%s”.", "Vous ne suivez plus « %s »."},
		"track.none":             {"No track yet.", "Aucun parcours pour l'instant."},
		"track.list":             {"Tracks (`/training follow <track> <weekday> <hour>`):", "Parcours (`/training follow <parcours> <jour> <heure>`) :"},
		"track.module":           {"📚 “%s”, module %d of %d:", "📚 « %s », module %d sur %d :"},
		"track.footer":           {"One a week. `/training pause %s` pauses, `/training stop %s` stops.", "Un par semaine. `/training pause %s` met en pause, `/training stop %s` arrête."},
		"track.button_pause":     {"Pause", "Pause"},

		"usage.training.track":    {"/training track add <name> | <id>, <id>, …", "/training track add <nom> | <id>, <id>, …"},
		"example.training.track":  {"/training track add Causal inference | #3, #7, #12", "/training track add Inférence causale | #3, #7, #12"},
		"help.training.track":     {"Put modules in order as a track (staff).", "Met des modules en ordre dans un parcours (équipe)."},
		"usage.training.tracks":   {"/training tracks", "/training tracks"},
		"example.training.tracks": {"/training tracks", "/training parcours"},
		"help.training.tracks":    {"List the tracks.", "Liste les parcours."},
		"usage.training.follow":   {"/training follow <track> <weekday> <hour>", "/training follow <parcours> <jour> <heure>"},
		"example.training.follow": {"/training follow Causal inference tuesday 9am", "/training suivre Inférence causale mardi 9h"},
		"help.training.follow":    {"Get a track's modules by direct message, one a week, on the day and at the hour you pick.", "Recevez les modules d'un parcours en message privé, un par semaine, au jour et à l'heure choisis."},
		"usage.training.pause":    {"/training pause <track>", "/training pause <parcours>"},
		"example.training.pause":  {"/training pause Causal inference", "/training pause Inférence causale"},
		"help.training.pause":     {"Pause a track you follow.", "Met en pause un parcours suivi."},
		"usage.training.resume":   {"/training resume <track>", "/training resume <parcours>"},
		"example.training.resume": {"/training resume Causal inference", "/training reprendre Inférence causale"},
		"help.training.resume":    {"Resume a paused track.", "Reprend un parcours en pause."},
		"usage.training.stop":     {"/training stop <track>", "/training stop <parcours>"},
		"example.training.stop":   {"/training stop Causal inference", "/training arrêter Inférence causale"},
		"help.training.stop":      {"Stop following a track.", "Arrête de suivre un parcours."},
	})
}
