package commands

// Messages of chapters.
func init() {
	register(map[string][2]string{
		"chapter.online":            {"every chapter (online)", "toutes les antennes (en ligne)"},
		"chapter.archived":          {"%s (closed)", "%s (fermée)"},
		"chapter.none":              {"none", "aucune"},
		"chapter.yours":             {"Your chapter: %s. Chapters: %s. Change with `/me chapter <id>`.", "Votre antenne : %s. Antennes : %s. Changez avec `/me chapitre <id>`."},
		"chapter.no_member_chapter": {"none yet", "aucune pour l'instant"},
		"label.chapter":             {"Chapter", "Antenne"},
		"workshop.chapter_set":      {"Workshop #%d (%s) now belongs to %s: its cards go to its channels.", "L'atelier #%d (%s) relève maintenant de %s : ses cartes vont dans ses canaux."},
		"stats.chapters":            {"By chapter (members · problems posted · workshops held · seats):", "Par antenne (membres · problèmes publiés · ateliers tenus · places) :"},
		"stats.chapter":             {"• %s: %d · %d · %d · %d", "• %s : %d · %d · %d · %d"},

		"err.chapter":              {"That is not an open chapter. `/me chapter` lists them.", "Ce n'est pas une antenne ouverte. `/me chapitre` les liste."},
		"err.no_chapters":          {"This community has no chapters.", "Cette communauté n'a pas d'antennes."},
		"err.chapter_unknown":      {"`%s` is not a chapter. Chapters: %s.", "`%s` n'est pas une antenne. Antennes : %s."},
		"err.chapter_staff_only":   {"Only the community's staff can do that; chapter staff manage their chapter's workshops.", "Seule l'équipe de la communauté peut le faire ; l'équipe d'une antenne gère les ateliers de son antenne."},
		"err.chapter_not_yours":    {"Workshop #%d belongs to %s: only its staff (or the community's) can manage it.", "L'atelier #%d relève de %s : seule son équipe (ou celle de la communauté) peut le gérer."},
		"err.chapter_not_yours_to": {"You are not on the staff of %s.", "Vous ne faites pas partie de l'équipe de %s."},

		"discord.opt.all":              {"Every chapter, not only yours", "Toutes les antennes, pas seulement la vôtre"},
		"discord.opt.chapter":          {"A chapter's id, or online for every chapter", "L'identifiant d'une antenne, ou online pour toutes"},
		"discord.sub.workshop.chapter": {"Move a workshop to a chapter, or online", "Rattache un atelier à une antenne, ou en ligne"},

		"usage.workshop.chapter":   {"/workshop chapter <id> <chapter|online>", "/workshop chapitre <id> <antenne|online>"},
		"example.workshop.chapter": {"/workshop chapter 3 casablanca", "/workshop chapitre 3 casablanca"},
		"help.workshop.chapter":    {"Move a workshop to a chapter (its channels, its staff), or online for every chapter.", "Rattache un atelier à une antenne (ses canaux, son équipe), ou en ligne pour toutes."},
	})
}
