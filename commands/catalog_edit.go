package commands

// Messages of edits and of removing a participant.
func init() {
	register(map[string][2]string{
		"err.edit_field":         {"`%s` is not a field I can change here; the fields are: %s (as `field: value`, separated by `|`).", "`%s` n'est pas un champ modifiable ici ; les champs sont : %s (sous la forme `champ: valeur`, séparés par `|`)."},
		"err.not_author_edit":    {"Only the problem's author or staff can edit it.", "Seuls l'auteur du problème ou l'équipe peuvent le modifier."},
		"err.edit_twice":         {"The field %s is given twice.", "Le champ %s est donné deux fois."},
		"err.remove_who":         {"Nobody called “%s” is in workshop #%d: `/workshop show %[2]d` lists them.", "Personne du nom de « %s » dans l'atelier #%d : `/workshop show %[2]d` les liste."},
		"err.remove_ambiguous":   {"Several participants are called “%s”: @mention the one you mean.", "Plusieurs participants s'appellent « %s » : mentionnez (@) celui que vous visez."},
		"err.not_participant_of": {"That member is not in the workshop.", "Ce membre n'est pas dans l'atelier."},

		"edit.change":              {"• %s: “%s” → “%s”", "• %s : « %s » → « %s »"},
		"edit.nothing":             {"Nothing changed.", "Rien n'a changé."},
		"edit.field.title":         {"title", "titre"},
		"edit.field.description":   {"description", "description"},
		"edit.field.tags":          {"tags", "tags"},
		"edit.field.place":         {"place", "lieu"},
		"edit.field.capacity":      {"capacity", "capacité"},
		"problem.edited":           {"Problem #%d updated; its cards follow:", "Problème #%d modifié ; ses cartes suivent :"},
		"workshop.edited":          {"Workshop #%d updated; its cards follow:", "Atelier #%d modifié ; ses cartes suivent :"},
		"workshop.edited_place":    {"• place of the sessions to come: %s (%d sessions; their participants are told).", "• lieu des séances à venir : %s (%d séances ; leurs participants sont prévenus)."},
		"workshop.removed":         {"%s is no longer in workshop #%d %s.", "%s ne fait plus partie de l'atelier #%d %s."},
		"form.problem_edit.title":  {"Edit problem #%d", "Modifier le problème #%d"},
		"form.workshop_edit.title": {"Edit workshop #%d", "Modifier l'atelier #%d"},
		"notify.session_place":     {"📍 Workshop #%d %s: the session of %s now takes place at %s.", "📍 Atelier #%d %s : la séance du %s a désormais lieu à %s."},

		"discord.opt.member_name": {"The participant: @mention, or the name the workshop's list shows", "Le participant : @mention, ou le nom que montre la liste de l'atelier"},

		"err.attended_who":          {"Nobody called “%s” had a seat in session %d: give the names as the workshop lists them, or `all`.", "Personne du nom de « %s » n'avait de place à la séance %d : donnez les noms comme la liste de l'atelier, ou `all`."},
		"attendance.recorded":       {"Session %d of workshop #%d: %d of %d seated came (%s).", "Séance %d de l'atelier #%d : %d des %d inscrits sont venus (%s)."},
		"attendance.ask":            {"%s (%s) is over: who came? One tap per person; it feeds the sign-ups against attendance in the stats.", "%s (%s) est terminé : qui est venu ? Un clic par personne ; cela nourrit les inscrits face aux présents dans les statistiques."},
		"attendance.ask_title":      {"Who came to session %d of %s?", "Qui est venu à la séance %d de %s ?"},
		"attendance.ask_footer":     {"Or type `/workshop attended %d <name>, <name>`; `not <name>` takes one back.", "Ou tapez `/workshop attended %d <nom>, <nom>` ; `not <nom>` en retire un."},
		"attendance.everyone":       {"Everyone came", "Tout le monde est venu"},
		"stats.attendance":          {"Attendance recorded for %d sessions: %d of %d sign-ups came (%s).", "Présences notées pour %d séances : %d des %d inscrits sont venus (%s)."},
		"usage.workshop.attended":   {"/workshop attended <session> all | <name>, <name> | not <name>", "/workshop attended <séance> all | <nom>, <nom> | not <nom>"},
		"example.workshop.attended": {"/workshop attended 12 Alice, Bob", "/workshop présents 12 Alice, Bob"},
		"help.workshop.attended":    {"Record who came to a session (staff): sign-ups against attendance in the stats.", "Note qui est venu à une séance (équipe) : inscrits face aux présents dans les stats."},

		"usage.problem.edit":      {"/problem edit <id> title: … | description: … | tags: …", "/problem edit <id> titre: … | description: … | tags: …"},
		"example.problem.edit":    {"/problem edit 3 title: Gaps in sensor series | tags: #timeseries #imputation", "/problem modifier 3 titre: Trous dans des séries de capteurs | tags: #timeseries"},
		"help.problem.edit":       {"Change your problem's title, description or tags (its author or staff); every card of it follows.", "Modifie le titre, la description ou les tags d'un problème (auteur ou équipe) ; ses cartes suivent."},
		"usage.workshop.edit":     {"/workshop edit <id> title: … | description: … | tags: … | place: … | capacity: N", "/workshop edit <id> titre: … | description: … | tags: … | lieu: … | capacité: N"},
		"example.workshop.edit":   {"/workshop edit 3 place: Room B | capacity: 12", "/workshop modifier 3 lieu: Salle B | capacité: 12"},
		"help.workshop.edit":      {"Change a workshop (staff); a new place reaches every session to come and its participants.", "Modifie un atelier (équipe) ; un nouveau lieu vaut pour les séances à venir, participants prévenus."},
		"usage.workshop.remove":   {"/workshop remove <id> <member>", "/workshop remove <id> <membre>"},
		"example.workshop.remove": {"/workshop remove 3 Dave", "/workshop retirer 3 Dave"},
		"help.workshop.remove":    {"Take a participant out of a workshop (staff); the first in line gets the seat.", "Retire un participant d'un atelier (équipe) ; le premier de la liste d'attente prend la place."},
	})
}
