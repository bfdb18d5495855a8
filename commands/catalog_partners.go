package commands

// Messages of partner organisations co-organising workshops.
func init() {
	register(map[string][2]string{
		"err.partner_name":      {"A partner's name cannot hold control characters.", "Le nom d'un partenaire ne peut pas contenir de caractères de contrôle."},
		"err.too_many_partners": {"A workshop names 5 partner organisations at most.", "Un atelier nomme 5 organisations partenaires au plus."},

		"label.partners":            {"Co-organised with", "Co-organisé avec"},
		"partners.line":             {"Co-organised with: %s", "Co-organisé avec : %s"},
		"workshop.partners_set":     {"Workshop #%d is co-organised with: %s.", "L'atelier #%d est co-organisé avec : %s."},
		"workshop.partners_cleared": {"Workshop #%d names no partner organisation any more.", "L'atelier #%d ne nomme plus d'organisation partenaire."},
		"stats.partners":            {"Workshops co-organised with partners: %d (%s)", "Ateliers co-organisés avec des partenaires : %d (%s)"},

		"usage.workshop.partners":   {"/workshop partners <id> <organisation>[, <organisation>…] | none", "/workshop partenaires <id> <organisation>[, <organisation>…] | aucun"},
		"example.workshop.partners": {"/workshop partners #3 Women in Data, Data for Good", "/workshop partenaires #3 Women in Data, Data for Good"},
		"help.workshop.partners":    {"Name the organisations co-organising a workshop (card, feeds, stats); `none` clears them.", "Organisations co-organisant un atelier (carte, calendriers, stats) ; `aucun` les retire."},
	})
}
