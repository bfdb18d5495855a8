package commands

// Messages of the date and time grammar: the echo of what was understood
// and the refusals, each quoting what was not understood.
func init() {
	register(map[string][2]string{
		"when.read_as": {"Read as %s (time zone %s).", "Compris : %s (fuseau %s)."},

		"err.time_part":     {"I cannot read `%s` as part of a date or time.", "Je ne comprends pas `%s` dans une date ou une heure."},
		"err.time_nohour":   {"`%s` gives a day but no hour: add one, e.g. `14:00` or `2pm`.", "`%s` donne un jour mais pas d'heure : ajoutez-en une, par exemple `14h` ou `14:00`."},
		"err.time_weekday":  {"%s is a %s: the weekday and the date disagree.", "Le %s est un %s : le jour de la semaine et la date ne concordent pas."},
		"err.time_leftover": {"`%s` comes after the time and also reads as a time. Write the whole time first, then the duration, then the place, e.g. `thursday 2pm 1h30 Room B`.", "`%s` vient après l'heure et se lit aussi comme une date ou une heure. Écrivez d'abord toute la date, puis la durée, puis le lieu, par exemple `jeudi 14h 1h30 Salle B`."},
		"err.time_gap":      {"%s does not exist in %s: the clocks skip that hour when they go forward. Choose an hour before or after it.", "%s n'existe pas dans le fuseau %s : les horloges sautent cette heure au passage à l'heure d'été. Choisissez une heure avant ou après."},
		"err.time_fold":     {"%s happens twice in %s, when the clocks go back. Say which one: %s.", "%s existe deux fois dans le fuseau %s, quand on recule les horloges. Précisez laquelle : %s."},
		"err.time_zone":     {"`%s` is not the time zone in force at %s in %s.", "`%s` n'est pas le fuseau en vigueur le %s dans %s."},
		"err.time_order":    {"Numeric dates are read %s; `/me dateorder dmy|mdy` changes that.", "Les dates en chiffres se lisent %s ; `/me dateorder dmy|mdy` change cela."},
		"dateorder.dmy":     {"day first (03/04 is 3 April)", "jour d'abord (03/04 est le 3 avril)"},
		"dateorder.mdy":     {"month first (03/04 is March 4)", "mois d'abord (03/04 est le 4 mars)"},
		"label.dateorder":   {"Dates", "Dates"},
		"err.date_order":    {"The date order is `dmy` or `mdy`.", "L'ordre des dates est `dmy` ou `mdy`."},
		"err.dateorder":     {"The date order is `dmy` (03/04 is 3 April) or `mdy` (03/04 is March 4).", "L'ordre des dates est `dmy` (03/04 est le 3 avril) ou `mdy` (03/04 est le 4 mars)."},
		"day.long.0":        {"Sunday", "dimanche"},
		"day.long.1":        {"Monday", "lundi"},
		"day.long.2":        {"Tuesday", "mardi"},
		"day.long.3":        {"Wednesday", "mercredi"},
		"day.long.4":        {"Thursday", "jeudi"},
		"day.long.5":        {"Friday", "vendredi"},
		"day.long.6":        {"Saturday", "samedi"},
	})
}
