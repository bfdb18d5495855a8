package commands

// Messages of workshop outcomes.
func init() {
	register(map[string][2]string{
		// Refusals from storage (err.<reason>).
		"err.outcome_kind":          {"An outcome is a collaboration, a tool, a problem solved, a publication or nothing yet.", "Un résultat est une collaboration, un outil, un problème résolu, une publication ou rien encore."},
		"err.outcome_text_missing":  {"Say in a short text what came of it.", "Dites en un court texte ce qui en est sorti."},
		"err.outcome_text_too_long": {"That text is too long (1000 characters at most).", "Ce texte est trop long (1000 caractères au plus)."},
		"err.outcome_too_many_orgs": {"An outcome names 10 organisations at most.", "Un résultat nomme 10 organisations au plus."},
		"err.outcome_link":          {"That link is not a web address: it must start with https:// or http://.", "Ce lien n'est pas une adresse web : il doit commencer par https:// ou http://."},
		"err.outcome":               {"No outcome you can see has that id. `/outcomes` lists them.", "Aucun résultat visible pour vous ne porte cet identifiant. `/outcomes` les liste."},
		"err.outcome_org":           {"This outcome does not name that organisation: agree for one it names.", "Ce résultat ne nomme pas cette organisation : donnez l'accord pour une organisation qu'il nomme."},
		"err.outcome_not_your_org":  {"Only a participant from that organisation (see `/me org`), or staff, can agree for it.", "Seul un participant de cette organisation (voir `/me org`), ou l'équipe, peut donner son accord pour elle."},

		// Refusals of the commands.
		"err.outcome_kind_named":  {"`%s` is not a kind of outcome: write collaboration, tool, solved, publication or nothing.", "`%s` n'est pas un type de résultat : écrivez collaboration, outil, resolu, publication ou rien."},
		"err.outcome_org_missing": {"Name the organisation you agree for, or set yours with `/me org`.", "Nommez l'organisation pour laquelle vous donnez votre accord, ou indiquez la vôtre avec `/me org`."},
		"err.outcome_not_public":  {"Outcome #%d is not public yet: every organisation it names must agree first (`/outcomes agree`).", "Le résultat #%d n'est pas encore public : chaque organisation nommée doit d'abord donner son accord (`/outcomes agree`)."},

		"outcome.kind.collaboration":  {"Collaboration", "Collaboration"},
		"outcome.kind.tool":           {"Tool or code", "Outil ou code"},
		"outcome.kind.problem_solved": {"Problem solved", "Problème résolu"},
		"outcome.kind.publication":    {"Publication", "Publication"},
		"outcome.kind.nothing_yet":    {"Nothing yet", "Rien encore"},
		"outcome.word.collaboration":  {"collaboration", "collaboration"},
		"outcome.word.tool":           {"tool", "outil"},
		"outcome.word.problem_solved": {"solved", "resolu"},
		"outcome.word.publication":    {"publication", "publication"},
		"outcome.word.nothing_yet":    {"nothing", "rien"},

		"outcome.recorded":       {"Outcome #%d recorded.", "Résultat #%d enregistré."},
		"outcome.joined":         {"This outcome was already recorded as #%d: you are added to its authors.", "Ce résultat était déjà enregistré sous le #%d : vous êtes ajouté à ses auteurs."},
		"outcome.public":         {"It is public: it shows in `/outcomes` and the weekly digest.", "Il est public : il apparaît dans `/outcomes` et le résumé hebdomadaire."},
		"outcome.private":        {"🔒 Only staff and the workshop's participants see it until each organisation named agrees to publish it (waiting for: %s; `/outcomes agree %d`).", "🔒 Seuls l'équipe et les participants de l'atelier le voient tant que chaque organisation nommée n'a pas accepté de le publier (en attente : %s ; `/outcomes agree %d`)."},
		"outcome.author_asked":   {"The author of problem #%d is asked to confirm it is solved.", "L'auteur du problème #%d est invité à confirmer qu'il est résolu."},
		"outcome.footer":         {"Outcome #%d · recorded %s · `/outcomes show %[1]d`", "Résultat #%d · enregistré le %s · `/outcomes show %[1]d`"},
		"outcome.status_private": {"🔒 not public yet", "🔒 pas encore public"},
		"outcome.list":           {"What workshops led to:", "Ce que les ateliers ont donné :"},
		"outcome.list_filtered":  {"What workshops led to (%s):", "Ce que les ateliers ont donné (%s) :"},
		"outcome.list_empty":     {"No outcome to show. After a workshop, record one with `/workshop outcome <id>`.", "Aucun résultat à montrer. Après un atelier, enregistrez-en un avec `/workshop outcome <id>`."},
		"outcome.agreed":         {"%s agrees to publish outcome #%d.", "%s accepte de publier le résultat #%d."},
		"outcome.questions_off":  {"You will no longer be asked whether your workshops led to anything. `/outcomes questions on` asks again.", "On ne vous demandera plus si vos ateliers ont donné quelque chose. `/outcomes questions on` réactive ces questions."},
		"outcome.questions_on":   {"You will be asked, after your workshops and 30, 90 and 180 days later, whether anything came of them.", "On vous demandera, après vos ateliers puis 30, 90 et 180 jours plus tard, s'ils ont donné quelque chose."},
		"outcome.ask_end":        {"🌱 Workshop #%d %s has ended. Did anything come of it?", "🌱 L'atelier #%d %s est terminé. En est-il sorti quelque chose ?"},
		"outcome.ask_later":      {"🌱 %d days ago, workshop #%d %s ended. Did anything continue?", "🌱 Il y a %d jours, l'atelier #%d %s s'est terminé. Quelque chose a-t-il continué ?"},
		"outcome.ask_body":       {"A collaboration, a tool, a problem solved, a publication? `/workshop outcome %d collaboration <what> | <organisations>`. It stays between staff and participants until the organisations named agree.", "Une collaboration, un outil, un problème résolu, une publication ? `/workshop outcome %d collaboration <quoi> | <organisations>`. Cela reste entre l'équipe et les participants tant que les organisations nommées n'ont pas accepté."},
		"outcome.ask_footer":     {"Asked after the last session, then 30, 90 and 180 days later, once each.", "Demandé après la dernière séance, puis 30, 90 et 180 jours plus tard, une fois chacun."},
		"outcome.solved_ask":     {"✅ %s say workshop outcomes solved your problem #%d %s. Is it solved? Only you can mark it so.", "✅ %s disent que l'atelier a résolu votre problème #%d %s. Est-il résolu ? Vous seul pouvez l'indiquer."},

		"label.outcome_workshop": {"Workshop", "Atelier"},
		"label.outcome_orgs":     {"Organisations", "Organisations"},
		"label.outcome_by":       {"Recorded by", "Enregistré par"},

		"button.agree":          {"Agree to publish", "Accepter la publication"},
		"button.mark_solved":    {"Yes, mark it solved", "Oui, le marquer résolu"},
		"button.record_outcome": {"Record an outcome", "Enregistrer un résultat"},
		"button.nothing_yet":    {"Nothing yet", "Rien encore"},
		"button.stop_asking":    {"Stop asking", "Ne plus demander"},

		"form.outcome.title":           {"Outcome of workshop #%d", "Résultat de l'atelier #%d"},
		"form.label.outcome_kind":      {"Kind", "Type"},
		"form.label.outcome_text":      {"What came of it", "Ce qui en est sorti"},
		"form.label.outcome_orgs":      {"Organisations or labs named, by commas", "Organisations ou labos nommés, par virgules"},
		"notify.digest_outcomes":       {"What workshops led to:", "Ce que les ateliers ont donné :"},
		"stats.outcomes":               {"Outcomes recorded: %s", "Résultats enregistrés : %s"},
		"stats.outcome_collaborations": {"Collaborations started, by year and organisation: %s", "Collaborations lancées, par année et organisation : %s"},
		"stats.outcome_solved":         {"Problems solved, by year and organisation: %s", "Problèmes résolus, par année et organisation : %s"},

		// Help.
		"discord.cmd.outcomes":     {"What workshops led to: list, agree to publish, nominate", "Ce que les ateliers ont donné : lister, accepter la publication, proposer"},
		"usage.workshop.outcome":   {"/workshop outcome <id> collaboration|tool|solved|publication|nothing <text> [| <organisation>, …]", "/workshop outcome <id> collaboration|outil|resolu|publication|rien <texte> [| <organisation>, …]"},
		"example.workshop.outcome": {"/workshop outcome 3 collaboration Inria and Airbus start a joint thesis on imputation | Inria, Airbus", "/workshop resultat 3 collaboration Inria et Airbus lancent une thèse commune sur l'imputation | Inria, Airbus"},
		"help.workshop.outcome":    {"Record what a workshop led to (participants and staff); private until the organisations agree", "Enregistrez ce qu'un atelier a donné ; privé jusqu'à l'accord des organisations nommées"},
		"usage.outcomes":           {"/outcomes [#tag] [year] [organisation] · show <id> · agree <id> [organisation] · nominate <id> <edition> <categories> · questions on|off", "/outcomes [#tag] [année] [organisation] · show <id> · agree <id> [organisation] · nominate <id> <édition> <catégories> · questions on|off"},
		"example.outcomes":         {"/outcomes #timeseries 2027 Inria", "/resultats #timeseries 2027 Inria"},
		"help.outcomes":            {"What workshops led to, by tag, year or organisation; agree to publish; nominate for the Awards", "Ce que les ateliers ont donné, par tag, année ou organisation ; accord de publication ; proposer aux prix"},
	})
}
