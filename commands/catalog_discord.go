package commands

// The Discord adapter's words: slash command, sub-command and option
// descriptions (registered in both languages, French as Discord's
// description_localizations) and the few replies only Discord needs.
// Descriptions and choice names are at most 100 characters.
func init() {
	register(map[string][2]string{
		// Commands.
		"discord.cmd.problem":  {"Problems you are stuck on: post, find, say “me too”, offer help", "Problèmes qui bloquent : publier, chercher, dire « moi aussi », aider"},
		"discord.cmd.workshop": {"Workshops: list, join, leave; staff create and schedule them", "Ateliers : lister, s'inscrire, se désinscrire ; l'équipe les crée et planifie"},
		"discord.cmd.me":       {"Your profile: organisation, interests, language, time zone, role", "Votre profil : organisation, intérêts, langue, fuseau horaire, rôle"},
		"discord.cmd.atelier":  {"About atelier: every command, with examples", "À propos d'atelier : toutes les commandes, avec des exemples"},
		"discord.cmd.jobs":     {"Job offers: list, search, post", "Offres d'emploi : lister, chercher, publier"},
		"discord.cmd.announce": {"Announcements to channels, once or on a schedule (staff)", "Annonces dans les canaux, ponctuelles ou régulières (équipe)"},

		// Sub-commands whose help is longer than Discord's 100 characters.
		"discord.sub.jobs.post":         {"Post a job offer; with no options, a form", "Publie une offre d'emploi ; sans option, un formulaire"},
		"discord.sub.jobs.list":         {"List open job offers, newest first, by tag, level, contract or remote", "Liste les offres ouvertes, les plus récentes d'abord, par tag, niveau, contrat ou télétravail"},
		"discord.sub.atelier.stats":     {"The community's KPIs over a period (default 90 days), or as CSV (staff)", "Les indicateurs de la communauté sur une période (90 jours par défaut), ou en CSV (équipe)"},
		"discord.sub.atelier.forget":    {"Have the community forget you, after a confirmation code", "Faites-vous oublier de la communauté, après un code de confirmation"},
		"discord.sub.atelier.link":      {"Make your Slack and Discord accounts one member, with a code", "Réunit vos comptes Slack et Discord en un seul membre, avec un code"},
		"discord.sub.announce.schedule": {"Post a text on a cron schedule, in the community's time zone", "Publie un texte selon un calendrier cron, dans le fuseau de la communauté"},

		// /me sub-commands.
		"discord.sub.me.show":      {"Show your profile", "Affiche votre profil"},
		"discord.sub.me.org":       {"Set your organisation", "Indique votre organisation"},
		"discord.sub.me.interests": {"Add or remove interests (tags); new problems on them reach you", "Ajoute ou retire des intérêts (tags) ; les nouveaux problèmes associés vous parviennent"},
		"discord.sub.me.language":  {"Choose the language atelier answers you in", "Choisit la langue dans laquelle atelier vous répond"},
		"discord.sub.me.timezone":  {"Set your time zone, for times you type", "Indique votre fuseau horaire, pour les heures que vous tapez"},
		"discord.sub.me.role":      {"Say whether you are a researcher", "Indique si vous êtes chercheur ou chercheuse"},
		"discord.sub.me.reminders": {"Turn the reminders before your sessions on or off", "Active ou coupe les rappels avant vos séances"},
		"discord.sub.me.notify":    {"Turn messages about problems and jobs matching your interests on or off", "Active ou coupe les messages sur les problèmes et offres liés à vos intérêts"},
		"discord.sub.me.notify_on": {"Where your direct messages go, once your accounts are linked", "Où vont vos messages privés, une fois vos comptes liés"},
		"discord.sub.me.calendar":  {"Your calendar feed of the sessions you joined", "Votre agenda des séances où vous êtes inscrit"},

		// Options.
		"discord.opt.problem_id":      {"The problem (type its title or #id)", "Le problème (tapez son titre ou son #id)"},
		"discord.opt.workshop_id":     {"The workshop (type its title or #id)", "L'atelier (tapez son titre ou son #id)"},
		"discord.opt.title":           {"Title; leave every option empty to get a form", "Titre ; laissez toutes les options vides pour avoir un formulaire"},
		"discord.opt.description":     {"Details: context, what you tried", "Détails : contexte, ce que vous avez essayé"},
		"discord.opt.tags":            {"Tags, e.g. #nlp #timeseries", "Tags, par exemple #nlp #timeseries"},
		"discord.opt.tag":             {"Only problems with this tag", "Seulement les problèmes avec ce tag"},
		"discord.opt.words":           {"Words to look for, accents ignored", "Mots à chercher, sans tenir compte des accents"},
		"discord.opt.status":          {"Why it is closed (default: solved)", "Pourquoi il est fermé (par défaut : résolu)"},
		"discord.opt.capacity":        {"Number of seats (empty: no limit)", "Nombre de places (vide : illimité)"},
		"discord.opt.from":            {"The problem it answers, if any", "Le problème auquel il répond, s'il y en a un"},
		"discord.opt.when":            {"When, in your time zone: 2026-12-03 14:00, next thursday 2pm", "Quand, dans votre fuseau : 2026-12-03 14:00, jeudi 14h"},
		"discord.opt.duration":        {"How long (default 1h): 90m, 1h30", "Durée (1h par défaut) : 90m, 1h30"},
		"discord.opt.place":           {"A room or a video link", "Une salle ou un lien visio"},
		"discord.opt.seats":           {"Number of seats; 0 for no limit", "Nombre de places ; 0 pour illimité"},
		"discord.opt.org":             {"Your organisation's name", "Le nom de votre organisation"},
		"discord.opt.action":          {"Add or remove", "Ajouter ou retirer"},
		"discord.opt.language":        {"Your language", "Votre langue"},
		"discord.opt.zone":            {"An IANA zone such as Europe/Paris", "Un fuseau IANA comme Europe/Paris"},
		"discord.opt.role":            {"Your role", "Votre rôle"},
		"discord.opt.command":         {"Only this command", "Seulement cette commande"},
		"discord.opt.text":            {"What follows the command", "Ce qui suit la commande"},
		"discord.opt.reset":           {"Get a new private address (the old one stops working)", "Obtenir une nouvelle adresse privée (l'ancienne cesse de marcher)"},
		"discord.opt.cron":            {"When it repeats, as cron: 0 9 * * MON is Mondays at 9:00", "Quand elle se répète, en cron : 0 9 * * MON pour le lundi à 9h"},
		"discord.opt.to":              {"Where: announcements, problems, jobs or discord:<channel id>", "Où : announcements, problems, jobs ou discord:<id du canal>"},
		"discord.opt.announcement":    {"The text to post", "Le texte à publier"},
		"discord.opt.announcement_id": {"The announcement (its #id in /announce list)", "L'annonce (son #id dans /announce list)"},
		"discord.opt.session":         {"The session (its #id in the feedback message)", "La séance (son #id dans le message de retour)"},
		"discord.opt.score":           {"How useful it was, from 1 to 5", "Son utilité, de 1 à 5"},
		"discord.opt.job_id":          {"The job offer (its #id in /jobs list)", "L'offre (son #id dans /jobs list)"},
		"discord.opt.job_title":       {"Title; leave every option empty to get a form", "Intitulé ; laissez toutes les options vides pour avoir un formulaire"},
		"discord.opt.contract":        {"Contract", "Contrat"},
		"discord.opt.level":           {"Level sought", "Niveau recherché"},
		"discord.opt.location":        {"Where: a city, “remote”, or “Lyon or remote”", "Où : une ville, « télétravail », ou « Lyon ou télétravail »"},
		"discord.opt.url":             {"The link to apply (https://…)", "Le lien pour candidater (https://…)"},
		"discord.opt.expires":         {"Listed for how many days, or until YYYY-MM-DD", "Affichée combien de jours, ou jusqu'au AAAA-MM-JJ"},
		"discord.opt.remote":          {"Remote only", "Télétravail seulement"},
		"discord.opt.comment":         {"A comment, if you wish", "Un commentaire, si vous voulez"},
		"discord.opt.on_off":          {"On or off", "Activé ou coupé"},
		"discord.opt.platform":        {"Where to receive them", "Où les recevoir"},
		"discord.opt.csv":             {"As a CSV file", "En fichier CSV"},
		"discord.opt.period":          {"30d, 90d, 6m, 1y or 2026-01-01..2026-06-30", "30j, 90j, 6mois, 1a ou 2026-01-01..2026-06-30"},
		"discord.opt.forget_code":     {"The code given by /atelier forget, to confirm", "Le code donné par /atelier forget, pour confirmer"},
		"discord.opt.link_code":       {"The code shown on your other platform (none: get one)", "Le code affiché sur votre autre plateforme (aucun : en obtenir un)"},
		"discord.choice.on":           {"On", "Activé"},
		"discord.choice.off":          {"Off", "Coupé"},
		"discord.choice.all":          {"Everywhere I am", "Partout où je suis"},
		"discord.choice.slack":        {"Slack", "Slack"},
		"discord.choice.discord":      {"Discord", "Discord"},
		"discord.choice.add":          {"Add", "Ajouter"},
		"discord.choice.remove":       {"Remove", "Retirer"},

		// Replies.
		"discord.unknown_command": {"This command is out of date. Type `/atelier help` to see the current ones.", "Cette commande n'est plus à jour. Tapez `/atelier help` pour voir les commandes actuelles."},
		"discord.done":            {"Done.", "C'est fait."},
		"discord.posted":          {"Posted.", "Publié."},
		"discord.field_error":     {"**%s**: %s", "**%s** : %s"},
		"discord.retry":           {"Fill in the form again", "Remplir à nouveau le formulaire"},
		"discord.form_late":       {"The form could not open in time. Please run the command again.", "Le formulaire n'a pas pu s'ouvrir à temps. Relancez la commande."},
		"discord.event.description": {"atelier workshop #%d. “Interested” here takes a seat (or a place on the waitlist when full); so do /workshop join %[1]d and ✋ on its announcement.",
			"Atelier #%d. « Intéressé » ici vous inscrit (ou vous place en liste d'attente si complet), comme /workshop join %[1]d ou ✋ sur son annonce."},
	})
}
