package commands

// Messages of cron specs: each refusal names what is wrong, then shows
// forms that work; the library's own words only reach the log.
func init() {
	const help = "A cron spec is minute hour day month weekday, in the community's time zone; days and months by number or name, in English or French: `0 9 * * MON` or `0 9 * * lundi` is Mondays at 9:00, `30 8 1 * *` the 1st of each month at 8:30, `0 17 * * lun-ven` weekdays at 17:00, `CRON_TZ=America/Montreal 0 17 * * 1-5` the same in Montreal. Nothing was saved."
	const aide = "Une spécification cron est minute heure jour mois jour-de-semaine, dans le fuseau de la communauté ; jours et mois en chiffres ou en toutes lettres, en français ou en anglais : `0 9 * * lundi` ou `0 9 * * MON` est le lundi à 9h, `30 8 1 * *` le 1er du mois à 8h30, `0 17 * * lun-ven` en semaine à 17h, `CRON_TZ=America/Montreal 0 17 * * 1-5` la même chose à Montréal. Rien n'a été enregistré."
	register(map[string][2]string{
		"err.cron_bad":    {"That schedule does not read. " + help, "Ce calendrier ne se lit pas. " + aide},
		"err.cron_fields": {"`%s` has %d fields; a schedule has five. " + help, "`%s` a %d champs ; un calendrier en a cinq. " + aide},
		"err.cron_field":  {"`%s` is not a valid %s. " + help, "`%s` n'est pas un %s valide. " + aide},
		"err.cron_zone":   {"`%s` is not a time zone; use an IANA name such as `Europe/Paris`. " + help, "`%s` n'est pas un fuseau horaire ; utilisez un nom IANA comme `Europe/Paris`. " + aide},
		"err.cron_never":  {"That schedule never fires. " + help, "Ce calendrier ne se déclenche jamais. " + aide},
		"err.cron_often":  {"That schedule fires more than once a minute; once a minute is the most. " + help, "Ce calendrier se déclenche plus d'une fois par minute ; une fois par minute au plus. " + aide},
		"cron.field.0":    {"minute (0-59)", "minute (0-59)"},
		"cron.field.1":    {"hour (0-23)", "heure (0-23)"},
		"cron.field.2":    {"day of the month (1-31)", "jour du mois (1-31)"},
		"cron.field.3":    {"month (1-12 or a name: jan, janvier…)", "mois (1-12 ou un nom : janv, janvier…)"},
		"cron.field.4":    {"weekday (0-6, 0 is Sunday, or a name: mon, lundi…)", "jour de la semaine (0-6, 0 est dimanche, ou un nom : lun, lundi…)"},
		"announce.zone":   {"Times read in %s.", "Heures lues dans le fuseau %s."},
	})
}
