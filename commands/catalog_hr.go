package commands

// Messages of the organisations' HR contacts and their figures.
func init() {
	register(map[string][2]string{
		"err.hr_member":       {"I do not know `%s`: mention them, or write @name as lists show it.", "Je ne connais pas `%s` : mentionnez la personne, ou écrivez @nom comme les listes l'affichent."},
		"err.hr_period":       {"`%s` is not a half-year: write it as 2027-H1 (January to June) or 2027-H2.", "`%s` n'est pas un semestre : écrivez 2027-H1 (janvier à juin) ou 2027-H2."},
		"err.hr_figures":      {"`%s`: give the headcount of data and AI staff, then the departures, as two whole numbers.", "`%s` : donnez l'effectif data et IA, puis les départs, en deux nombres entiers."},
		"err.headcount_range": {"Those figures are out of range.", "Ces chiffres sont hors limites."},
		"err.org_contact":     {"That organisation has no HR contact: staff name one with `/atelier hr @member, organisation`.", "Cette organisation n'a pas de contact RH : l'équipe en désigne un avec `/atelier hr @membre, organisation`."},
		"err.not_org_contact": {"Only the organisation's HR contact (or staff) can give its figures.", "Seul le contact RH de l'organisation (ou l'équipe) peut donner ses chiffres."},
		"hr.set":              {"%s is now the HR contact of %s: asked twice a year for its headcount and departures, kept at organisation level only.", "%s est désormais le contact RH de %s : sollicité deux fois par an pour l'effectif et les départs, gardés au niveau de l'organisation seulement."},
		"hr.none":             {"No HR contact yet: `/atelier hr @member, organisation`.", "Aucun contact RH pour l'instant : `/atelier hr @membre, organisation`."},
		"hr.list":             {"HR contacts, by organisation:", "Contacts RH, par organisation :"},
		"hr.recorded":         {"Noted for %s, %s: %d data and AI staff, %d departures. Thank you.", "Noté pour %s, %s : %d personnes data et IA, %d départs. Merci."},
		"hr.ask":              {"As the HR contact of %s: for the half-year %s, how many data and AI staff does it have today, and how many left during the half-year? Reply `/atelier headcount %s <headcount> <departures> %s`. Kept at organisation level only, never joined to anyone.", "En tant que contact RH de %s : pour le semestre %s, combien de personnes data et IA aujourd'hui, et combien de départs pendant le semestre ? Répondez `/atelier headcount %s <effectif> <départs> %s`. Gardé au niveau de l'organisation seulement, jamais rapproché de personne."},
		"hr.figures":          {"What the organisations' HR contacts said (latest half-year):", "Ce que disent les contacts RH des organisations (dernier semestre) :"},
		"hr.figures_row":      {"• %s, %s: %d data and AI staff, %d departures (%s)", "• %s, %s : %d personnes data et IA, %d départs (%s)"},

		"usage.atelier.hr":          {"/atelier hr [@member, organisation]", "/atelier hr [@membre, organisation]"},
		"example.atelier.hr":        {"/atelier hr @dana, Acme", "/atelier hr @dana, Acme"},
		"help.atelier.hr":           {"Name an organisation's HR contact (staff), or list them.", "Désigne le contact RH d'une organisation (équipe), ou les liste."},
		"usage.atelier.headcount":   {"/atelier headcount <2027-H1> <headcount> <departures> <organisation>", "/atelier headcount <2027-H1> <effectif> <départs> <organisation>"},
		"example.atelier.headcount": {"/atelier headcount 2026-H2 42 3 Acme", "/atelier headcount 2026-H2 42 3 Acme"},
		"help.atelier.headcount":    {"An HR contact gives the organisation's half-year figures.", "Un contact RH donne les chiffres du semestre de l'organisation."},
	})
}
