package commands

import "github.com/atelier-bot/atelier/storage"

// table is the whole command surface on one screen. Help lists it in this
// order; the catalog holds each route's usage, example and help text.
func (r *Router) table() ([]*Route, map[string]string) {
	routes := []*Route{
		{Command: "problem", Sub: "post", Posts: true, Handler: HandlerFunc(r.problemPost)},
		{Command: "problem", Sub: "list", Handler: HandlerFunc(r.problemList)},
		{Command: "problem", Sub: "search", Handler: HandlerFunc(r.problemSearch)},
		{Command: "problem", Sub: "show", Handler: HandlerFunc(r.problemShow)},
		{Command: "problem", Sub: "interested", Handler: r.problemMark(storage.InterestInterested)},
		{Command: "problem", Sub: "canhelp", Handler: r.problemMark(storage.InterestCanHelp)},
		{Command: "problem", Sub: "uninterested", Handler: r.problemMark("")},
		{Command: "problem", Sub: "close", Handler: HandlerFunc(r.problemClose)},
		{Command: "problem", Sub: "edit", Handler: HandlerFunc(r.problemEdit)},

		{Command: "workshop", Sub: "create", Staff: true, Handler: HandlerFunc(r.workshopCreate)},
		{Command: "workshop", Sub: "schedule", Staff: true, Handler: HandlerFunc(r.workshopSchedule)},
		{Command: "workshop", Sub: "list", Handler: HandlerFunc(r.workshopList)},
		{Command: "workshop", Sub: "show", Handler: HandlerFunc(r.workshopShow)},
		{Command: "workshop", Sub: "join", Handler: HandlerFunc(r.workshopJoin)},
		{Command: "workshop", Sub: "leave", Handler: HandlerFunc(r.workshopLeave)},
		{Command: "workshop", Sub: "capacity", Staff: true, Handler: HandlerFunc(r.workshopCapacity)},
		{Command: "workshop", Sub: "cancel", Staff: true, Handler: HandlerFunc(r.workshopCancel)},
		{Command: "workshop", Sub: "announce", Staff: true, Handler: HandlerFunc(r.workshopAnnounce)},
		{Command: "workshop", Sub: "reschedule", Staff: true, Handler: HandlerFunc(r.workshopReschedule)},
		{Command: "workshop", Sub: "unschedule", Staff: true, Handler: HandlerFunc(r.workshopUnschedule)},
		{Command: "workshop", Sub: "series", Staff: true, Handler: HandlerFunc(r.workshopSeries)},
		{Command: "workshop", Sub: "chapter", Staff: true, Handler: HandlerFunc(r.workshopChapter)},
		{Command: "workshop", Sub: "edit", Staff: true, Handler: HandlerFunc(r.workshopEdit)},
		{Command: "workshop", Sub: "remove", Staff: true, Handler: HandlerFunc(r.workshopRemove)},
		{Command: "workshop", Sub: "attended", Staff: true, Handler: HandlerFunc(r.workshopAttended)},
		{Command: "workshop", Sub: "outcome", Posts: true, Handler: HandlerFunc(r.workshopOutcome)},
		{Command: "workshop", Sub: "partners", Staff: true, Handler: HandlerFunc(r.workshopPartners)},
		{Command: "workshop", Sub: "recruiting", Staff: true, Handler: HandlerFunc(r.workshopRecruiting)},
		{Command: "outcomes", Handler: HandlerFunc(r.outcomes)},

		{Command: "jobs", Sub: "post", Posts: true, Handler: HandlerFunc(r.jobsPost)},
		{Command: "jobs", Sub: "list", Handler: HandlerFunc(r.jobsList)},
		{Command: "jobs", Sub: "search", Handler: HandlerFunc(r.jobsSearch)},
		{Command: "jobs", Sub: "show", Handler: HandlerFunc(r.jobsShow)},
		{Command: "jobs", Sub: "close", Handler: HandlerFunc(r.jobsClose)},
		{Command: "jobs", Sub: "renew", Handler: HandlerFunc(r.jobsRenew)},
		{Command: "jobs", Sub: "candidates", Handler: HandlerFunc(r.jobsCandidates)},

		{Command: "training", Sub: "list", Handler: HandlerFunc(r.trainingList)},
		{Command: "training", Sub: "search", Handler: HandlerFunc(r.trainingSearch)},
		{Command: "training", Sub: "show", Handler: HandlerFunc(r.trainingShow)},
		{Command: "training", Sub: "enrol", Handler: HandlerFunc(r.trainingEnrol)},
		{Command: "training", Sub: "done", Handler: HandlerFunc(r.trainingDone)},
		{Command: "training", Sub: "gave", Handler: HandlerFunc(r.trainingGave)},
		{Command: "training", Sub: "mine", Handler: HandlerFunc(r.trainingMine)},
		{Command: "training", Sub: "suggest", Handler: HandlerFunc(r.trainingSuggest)},
		{Command: "training", Sub: "tracks", Handler: HandlerFunc(r.trackList)},
		{Command: "training", Sub: "follow", Handler: HandlerFunc(r.trackFollow)},
		{Command: "training", Sub: "pause", Handler: r.trackPause("pause")},
		{Command: "training", Sub: "resume", Handler: r.trackPause("resume")},
		{Command: "training", Sub: "stop", Handler: r.trackPause("stop")},
		{Command: "training", Sub: "skill", Handler: r.trainingSkill("skill")},
		{Command: "training", Sub: "learned", Handler: r.trainingSkill("learned")},
		{Command: "training", Sub: "add", Staff: true, Handler: HandlerFunc(r.trainingAdd)},
		{Command: "training", Sub: "edit", Staff: true, Handler: HandlerFunc(r.trainingEdit)},
		{Command: "training", Sub: "retire", Staff: true, Handler: HandlerFunc(r.trainingRetire)},
		{Command: "training", Sub: "track", Staff: true, Handler: HandlerFunc(r.trackAdd)},

		{Command: "awards", Sub: "list", Handler: HandlerFunc(r.awardsList)},
		{Command: "awards", Sub: "show", Handler: HandlerFunc(r.awardsShow)},
		{Command: "awards", Sub: "nominate", Posts: true, Handler: HandlerFunc(r.awardsNominate)},
		{Command: "awards", Sub: "edit", Handler: HandlerFunc(r.awardsEdit)},
		{Command: "awards", Sub: "withdraw", Handler: HandlerFunc(r.awardsWithdraw)},
		{Command: "awards", Sub: "vote", Handler: HandlerFunc(r.awardsVote)},
		{Command: "awards", Sub: "ballot", Handler: HandlerFunc(r.awardsBallot)},
		{Command: "awards", Sub: "score", Handler: HandlerFunc(r.awardsScore)},
		{Command: "awards", Sub: "create", Staff: true, Handler: HandlerFunc(r.awardsCreate)},
		{Command: "awards", Sub: "set", Staff: true, Handler: HandlerFunc(r.awardsSet)},
		{Command: "awards", Sub: "category", Staff: true, Handler: r.awardsParts(false)},
		{Command: "awards", Sub: "criterion", Staff: true, Handler: r.awardsParts(true)},
		{Command: "awards", Sub: "jury", Staff: true, Handler: HandlerFunc(r.awardsJury)},
		{Command: "awards", Sub: "progress", Staff: true, Handler: HandlerFunc(r.awardsProgress)},
		{Command: "awards", Sub: "decide", Staff: true, Handler: HandlerFunc(r.awardsDecide)},
		{Command: "awards", Sub: "csv", Staff: true, Handler: HandlerFunc(r.awardsCSV)},

		{Command: "announce", Sub: "schedule", Staff: true, Handler: HandlerFunc(r.announceSchedule)},
		{Command: "announce", Sub: "once", Staff: true, Handler: HandlerFunc(r.announceOnce)},
		{Command: "announce", Sub: "list", Staff: true, Handler: HandlerFunc(r.announceList)},
		{Command: "announce", Sub: "pause", Staff: true, Handler: r.announcePause(true)},
		{Command: "announce", Sub: "resume", Staff: true, Handler: r.announcePause(false)},
		{Command: "announce", Sub: "delete", Staff: true, Handler: HandlerFunc(r.announceDelete)},

		{Command: "feedback", Posts: true, Handler: HandlerFunc(r.feedback)},

		{Command: "me", Handler: HandlerFunc(r.me)},

		{Command: "atelier", Sub: "help", Handler: HandlerFunc(r.help)},
		{Command: "atelier", Sub: "stats", Staff: true, Handler: HandlerFunc(r.stats)},
		{Command: "atelier", Sub: "export", Handler: HandlerFunc(r.export)},
		{Command: "atelier", Sub: "forget", Handler: HandlerFunc(r.forget)},
		{Command: "atelier", Sub: "link", Handler: HandlerFunc(r.link)},
		{Command: "atelier", Sub: "hr", Staff: true, Handler: HandlerFunc(r.orgContacts)},
		{Command: "atelier", Sub: "headcount", Handler: HandlerFunc(r.headcount)},
		{Command: "atelier", Sub: "orgs", Staff: true, Handler: HandlerFunc(r.orgsImport)},
	}
	// What people type in French, and shortcuts, mapped to the names above.
	aliases := map[string]string{
		"probleme": "problem", "problème": "problem",
		"atelier-workshop": "workshop",
		"moi":              "me",
		"annonce":          "announce", "annoncer": "announce",
		"avis": "feedback",

		"problem.poster": "post", "problem.publier": "post", "problem.liste": "list", "problem.lister": "list",
		"problem.chercher": "search", "problem.recherche": "search", "problem.voir": "show", "problem.montrer": "show",
		"problem.intéressé": "interested", "problem.interesse": "interested", "problem.metoo": "interested", "problem.moiaussi": "interested",
		"problem.aider": "canhelp", "problem.fermer": "close",

		"workshop.créer": "create", "workshop.creer": "create", "workshop.planifier": "schedule",
		"workshop.liste": "list", "workshop.voir": "show", "workshop.rejoindre": "join", "workshop.inscrire": "join",
		"workshop.quitter": "leave", "workshop.capacité": "capacity", "workshop.capacite": "capacity", "workshop.annuler": "cancel", "workshop.chapitre": "chapter", "workshop.antenne": "chapter", "workshop.annoncer": "announce",

		"workshop.replanifier": "reschedule", "workshop.déplacer": "reschedule", "workshop.deplacer": "reschedule",
		"workshop.recrutement": "recruiting", "workshop.partenaires": "partners", "workshop.partenaire": "partners", "workshop.coorganisateurs": "partners",
		"workshop.série": "series", "workshop.modifier": "edit", "workshop.retirer": "remove", "workshop.présents": "attended", "workshop.presents": "attended", "workshop.venus": "attended", "problem.modifier": "edit", "problème.modifier": "edit", "workshop.serie": "series", "workshop.déprogrammer": "unschedule", "workshop.deprogrammer": "unschedule",
		"workshop.résultat": "outcome", "workshop.resultat": "outcome", "workshop.suite": "outcome",
		"outcome": "outcomes", "resultats": "outcomes", "résultats": "outcomes",
		"job": "jobs", "emploi": "jobs", "emplois": "jobs", "offre": "jobs", "offres": "jobs",
		"jobs.publier": "post", "jobs.poster": "post", "jobs.liste": "list", "jobs.lister": "list",
		"jobs.chercher": "search", "jobs.recherche": "search", "jobs.voir": "show", "jobs.montrer": "show",
		"jobs.candidats": "candidates", "jobs.fermer": "close", "jobs.renouveler": "renew", "jobs.prolonger": "renew",

		"trainings": "training", "formation": "training", "formations": "training",
		"training.liste": "list", "training.chercher": "search", "training.recherche": "search", "training.voir": "show",
		"training.inscrire": "enrol", "training.enroll": "enrol", "training.fini": "done", "training.termine": "done", "training.terminé": "done",
		"training.apport": "gave", "training.suggérer": "suggest", "training.suggerer": "suggest", "training.suggestions": "suggest", "training.parcours": "tracks", "training.suivre": "follow", "training.reprendre": "resume", "training.arreter": "stop", "training.arrêter": "stop", "training.compétence": "skill", "training.competence": "skill", "training.appris": "learned", "training.mes": "mine", "training.ajouter": "add", "training.modifier": "edit", "training.retirer": "retire",

		"announce.planifier": "schedule", "announce.programmer": "schedule", "announce.unefois": "once",
		"announce.liste": "list", "announce.suspendre": "pause", "announce.reprendre": "resume", "announce.supprimer": "delete",

		"atelier.aide": "help",

		"award": "awards", "prix": "awards", "trophees": "awards", "trophées": "awards",
		"awards.liste": "list", "awards.voir": "show", "awards.nominer": "nominate", "awards.proposer": "nominate",
		"awards.modifier": "edit", "awards.retirer": "withdraw", "awards.voter": "vote", "awards.bulletin": "ballot",
		"awards.noter": "score", "awards.créer": "create", "awards.creer": "create", "awards.régler": "set", "awards.regler": "set",
		"awards.catégorie": "category", "awards.categorie": "category", "awards.critère": "criterion", "awards.critere": "criterion",
		"awards.jurés": "jury", "awards.jures": "jury", "awards.avancement": "progress", "awards.trancher": "decide",

		"atelier.statistiques": "stats", "atelier.stat": "stats", "atelier.exporter": "export", "atelier.oublier": "forget",
		"atelier.lier": "link", "atelier.relier": "link",
	}
	return routes, aliases
}
