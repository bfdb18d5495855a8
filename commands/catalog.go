package commands

import (
	"fmt"
	"regexp"
	"strings"
)

// T returns the message key in lang, formatted with args. A missing key
// shows itself, so a gap is visible in tests rather than a blank reply.
func T(lang Lang, key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == FR {
		s = m[1]
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Has reports whether the catalog has a key.
func Has(key string) bool {
	_, ok := catalog[key]
	return ok
}

// catalog holds every user-facing string: {English, French}.
var catalog = map[string][2]string{
	// Errors.
	"err.internal":              {"Something went wrong on our side. Please try again in a moment.", "Quelque chose s'est mal passé de notre côté. Réessayez dans un instant."},
	"err.unknown_command":       {"Unknown command `/%s`. Type `/atelier help` to see them all.", "Commande inconnue `/%s`. Tapez `/atelier help` pour toutes les voir."},
	"err.missing_sub":           {"`/%s` needs a sub-command: %s.", "`/%s` attend une sous-commande : %s."},
	"err.unknown_sub":           {"`/%s %s` does not exist. Try one of: %s.", "`/%s %s` n'existe pas. Essayez : %s."},
	"err.usage":                 {"Usage: `%s`\nExample: `%s`", "Usage : `%s`\nExemple : `%s`"},
	"err.quote":                 {"A quote is not closed.", "Un guillemet n'est pas refermé."},
	"err.staff_only":            {"Only staff can do that.", "Seule l'équipe peut faire cela."},
	"err.bad_id":                {"`%s` is not an id. Ids look like `#12`.", "`%s` n'est pas un identifiant. Ils ressemblent à `#12`."},
	"err.problem":               {"No problem has that id. `/problem list` shows them.", "Aucun problème ne porte cet identifiant. `/problem list` les montre."},
	"err.workshop":              {"No workshop has that id. `/workshop list` shows them.", "Aucun atelier ne porte cet identifiant. `/workshop list` les montre."},
	"err.member":                {"That member is unknown.", "Ce membre est inconnu."},
	"err.identity":              {"I cannot tell who you are on this platform; nothing was changed.", "Je ne sais pas qui vous êtes sur cette plateforme ; rien n'a changé."},
	"err.interest_kind":         {"Say `interested` or `canhelp`.", "Dites `interested` ou `canhelp`."},
	"err.message_ref":           {"That message is not one of mine.", "Ce message n'est pas l'un des miens."},
	"err.title_missing":         {"A title is needed.", "Il faut un titre."},
	"err.title_too_long":        {"The title is too long (%d characters at most).", "Le titre est trop long (%d caractères au plus)."},
	"err.description_too_long":  {"The description is too long (%d characters at most).", "La description est trop longue (%d caractères au plus)."},
	"err.tag":                   {"A tag is invalid: letters, digits, - _ . only, %d characters at most.", "Un tag est invalide : lettres, chiffres, - _ . seulement, %d caractères au plus."},
	"err.tag_named":             {"`#%s` is not a valid tag: letters, digits, - _ . only, %d characters at most.", "`#%s` n'est pas un tag valide : lettres, chiffres, - _ . seulement, %d caractères au plus."},
	"err.too_many_tags":         {"Too many tags (%d at most).", "Trop de tags (%d au plus)."},
	"err.tags_missing":          {"Give at least one tag, e.g. `#nlp`.", "Donnez au moins un tag, par exemple `#nlp`."},
	"err.own_problem":           {"It's your own problem: you are already in.", "C'est votre propre problème : vous êtes déjà dedans."},
	"err.problem_closed":        {"This problem is closed.", "Ce problème est fermé."},
	"err.not_author":            {"Only the author or staff can close this problem.", "Seul l'auteur ou l'équipe peut fermer ce problème."},
	"err.problem_status":        {"Close as `solved`, `duplicate` or `stale`.", "Fermez comme `résolu`, `doublon` ou `abandonné`."},
	"err.workshop_closed":       {"This workshop is cancelled or over.", "Cet atelier est annulé ou terminé."},
	"err.capacity":              {"Capacity must be between 1 and %d, or `unlimited`.", "La capacité va de 1 à %d, ou `illimité`."},
	"err.capacity_value":        {"`%s` is not a capacity: a number between 1 and %d, or `unlimited`.", "`%s` n'est pas une capacité : un nombre de 1 à %d, ou `illimité`."},
	"err.capacity_below_count":  {"Capacity %d is below the %d members who already have a seat.", "La capacité %d est inférieure aux %d membres qui ont déjà une place."},
	"err.session_past":          {"That time has passed.", "Ce moment est déjà passé."},
	"err.session_duration":      {"A session lasts between 1 minute and 24 hours.", "Une séance dure entre 1 minute et 24 heures."},
	"err.place_too_long":        {"The place is too long (%d characters at most).", "Le lieu est trop long (%d caractères au plus)."},
	"err.organisation_empty":    {"Give the name of your organisation.", "Donnez le nom de votre organisation."},
	"err.organisation_too_long": {"The organisation name is too long (%d characters at most).", "Le nom d'organisation est trop long (%d caractères au plus)."},
	"err.role":                  {"Choose `researcher` or `member`.", "Choisissez `chercheur` ou `membre`."},
	"err.role_staff":            {"Staff role comes from the configuration; ask an admin to change it.", "Le rôle équipe vient de la configuration ; demandez à un admin."},
	"err.timezone":              {"Unknown time zone. Use an IANA name such as `Europe/Paris` or `America/Montreal`.", "Fuseau horaire inconnu. Utilisez un nom IANA comme `Europe/Paris` ou `America/Montreal`."},
	"err.language":              {"Choose `fr` or `en`.", "Choisissez `fr` ou `en`."},
	"err.me_usage": {"Usage: `/me`, `/me org <name>`, `/me interests add|remove <tags>`, `/me language fr|en`, `/me timezone <zone>`, `/me role researcher|member`, `/me reminders on|off`, `/me notify on|off`, `/me notify-on slack|discord`, `/me calendar [reset]`, `/me opportunities on|off`.",
		"Usage : `/me`, `/me org <nom>`, `/me interests add|remove <tags>`, `/me language fr|en`, `/me timezone <fuseau>`, `/me role chercheur|membre`, `/me reminders on|off`, `/me notify on|off`, `/me notify-on slack|discord`, `/me calendar [reset]`."},
	"err.search_empty":   {"Give some words to search for.", "Donnez des mots à chercher."},
	"err.constraint":     {"That conflicts with existing data; nothing was changed.", "Cela entre en conflit avec des données existantes ; rien n'a changé."},
	"err.time_bad":       {"I cannot read that time.", "Je ne comprends pas cette date."},
	"err.time_past":      {"That time has passed.", "Ce moment est déjà passé."},
	"err.time_ambiguous": {"That time is ambiguous (day/month order, or an hour that happens twice when clocks go back). Please write it as YYYY-MM-DD HH:MM.", "Cette date est ambiguë (ordre jour/mois, ou heure qui existe deux fois au changement d'heure). Écrivez-la AAAA-MM-JJ HH:MM."},
	"err.time_nosuch":    {"That time does not exist: clocks skip it when they go forward.", "Cette heure n'existe pas : elle est sautée au passage à l'heure d'été."},
	"err.time_formats":   {"Try `December 3 2pm`, `tomorrow 6pm`, `next thursday 2pm`, `in 3 days at 10am` or `2026-12-03 14:00`.", "Essayez `3 décembre 14h`, `demain 18h`, `jeudi prochain 14h`, `dans 3 jours à 10h` ou `2026-12-03 14:00`."},
	"err.duration_bad":   {"I cannot read that duration. Try `90m`, `1h30` or `2h` (24h at most).", "Je ne comprends pas cette durée. Essayez `90m`, `1h30` ou `2h` (24h au plus)."},

	// Problems.
	"problem.posted":       {"Problem #%d posted. Others can say “me too” or offer help with the buttons.", "Problème #%d publié. Les autres peuvent dire « moi aussi » ou proposer leur aide avec les boutons."},
	"problem.list":         {"Open problems:", "Problèmes ouverts :"},
	"problem.list_tag":     {"Open problems tagged #%s:", "Problèmes ouverts avec le tag #%s :"},
	"problem.list_empty":   {"No open problem yet. Post one with `/problem post`.", "Aucun problème ouvert. Publiez-en un avec `/problem post`."},
	"problem.search":       {"Problems matching “%s”:", "Problèmes correspondant à « %s » :"},
	"problem.search_empty": {"No problem matches “%s”.", "Aucun problème ne correspond à « %s »."},
	"problem.counts":       {"%d interested, %d can help", "%d intéressés, %d peuvent aider"},
	"problem.interested":   {"You are marked as interested in #%d %s.", "Vous êtes noté comme intéressé par #%d %s."},
	"problem.canhelp":      {"Thanks! You are marked as able to help with #%d %s.", "Merci ! Vous êtes noté comme pouvant aider sur #%d %s."},
	"problem.uninterested": {"You are no longer marked on #%d %s.", "Vous n'êtes plus noté sur #%d %s."},
	"problem.closed":       {"Problem #%d closed: %s.", "Problème #%d fermé : %s."},
	"problem.footer":       {"Problem #%d · `/problem show %[1]d`", "Problème #%d · `/problem show %[1]d`"},

	// Workshops.
	"workshop.created":            {"Workshop #%d created. Members join with the button or a ✋ reaction.", "Atelier #%d créé. Les membres s'inscrivent avec le bouton ou une réaction ✋."},
	"workshop.scheduled":          {"Session added to workshop #%d: %s, %s, %s.", "Séance ajoutée à l'atelier #%d : %s, %s, %s."},
	"workshop.no_place":           {"place to be announced", "lieu à préciser"},
	"workshop.list":               {"Upcoming workshops:", "Ateliers à venir :"},
	"workshop.list_empty":         {"No workshop planned yet.", "Aucun atelier prévu pour l'instant."},
	"workshop.no_session":         {"no session yet", "pas encore de séance"},
	"workshop.session_cancelled":  {"cancelled", "annulée"},
	"workshop.nobody":             {"nobody yet", "personne pour l'instant"},
	"workshop.joined":             {"You have a seat in workshop #%d %s.", "Vous avez une place dans l'atelier #%d %s."},
	"workshop.waitlisted":         {"Workshop #%d is full: you are number %d on the waitlist. You will get the next free seat.", "L'atelier #%d est complet : vous êtes numéro %d sur la liste d'attente. Vous aurez la prochaine place libérée."},
	"workshop.already_joined":     {"You already have a seat in workshop #%d %s.", "Vous avez déjà une place dans l'atelier #%d %s."},
	"workshop.already_waitlisted": {"You are already number %[2]d on the waitlist of workshop #%[1]d.", "Vous êtes déjà numéro %[2]d sur la liste d'attente de l'atelier #%[1]d."},
	"workshop.next_session":       {"Next session: %s.", "Prochaine séance : %s."},
	"workshop.left":               {"You left workshop #%d %s.", "Vous avez quitté l'atelier #%d %s."},
	"workshop.left_waitlist":      {"You left the waitlist of workshop #%d.", "Vous avez quitté la liste d'attente de l'atelier #%d."},
	"workshop.not_in":             {"You were not in workshop #%d.", "Vous n'étiez pas inscrit à l'atelier #%d."},
	"workshop.capacity_set":       {"Workshop #%d now has %s seats.", "L'atelier #%d a maintenant %s places."},
	"workshop.promoted":           {"%s moved from the waitlist to a seat.", "%s passe de la liste d'attente à une place."},
	"workshop.cancelled":          {"Workshop #%d %s is cancelled (%d participants).", "L'atelier #%d %s est annulé (%d participants)."},
	"workshop.unlimited":          {"unlimited", "illimité"},
	"workshop.seats":              {"%d/%s seats", "%d/%s places"},
	"workshop.waitlist_count":     {"%d waiting", "%d en attente"},
	"workshop.footer":             {"Workshop #%d · react ✋ to join", "Atelier #%d · réagissez ✋ pour vous inscrire"},

	// Profile.
	"me.updated": {"Profile updated.", "Profil mis à jour."},
	"me.default": {"%s (default)", "%s (par défaut)"},
	"me.footer":  {"Change with `/me org`, `/me interests add`, `/me language`, `/me timezone`, `/me role`.", "Modifiez avec `/me org`, `/me interests add`, `/me language`, `/me timezone`, `/me role`."},

	// Labels, buttons, states.
	"label.author":       {"Author", "Auteur"},
	"label.tags":         {"Tags", "Tags"},
	"label.status":       {"Status", "Statut"},
	"label.interested":   {"Interested", "Intéressés"},
	"label.canhelp":      {"Can help", "Peuvent aider"},
	"label.workshops":    {"Workshops", "Ateliers"},
	"label.host":         {"Host", "Animateur"},
	"label.from_problem": {"From problem", "Issu du problème"},
	"label.seats":        {"Seats", "Places"},
	"label.next_session": {"Next session", "Prochaine séance"},
	"label.participants": {"Participants", "Participants"},
	"label.waitlist":     {"Waitlist", "Liste d'attente"},
	"label.sessions":     {"Sessions", "Séances"},
	"label.organisation": {"Organisation", "Organisation"},
	"label.role":         {"Role", "Rôle"},
	"label.interests":    {"Interests", "Intérêts"},
	"label.language":     {"Language", "Langue"},
	"label.timezone":     {"Time zone", "Fuseau horaire"},

	"button.interested":    {"Me too", "Moi aussi"},
	"button.canhelp":       {"I can help", "Je peux aider"},
	"button.join":          {"Join", "Participer"},
	"button.join_waitlist": {"Join the waitlist", "Liste d'attente"},
	"button.leave":         {"Leave", "Se retirer"},
	"button.participants":  {"Participants", "Participants"},

	"status.open":      {"open", "ouvert"},
	"status.workshop":  {"workshop planned", "atelier prévu"},
	"status.solved":    {"solved", "résolu"},
	"status.duplicate": {"duplicate", "doublon"},
	"status.stale":     {"stale", "abandonné"},
	"status.cancelled": {"cancelled", "annulé"},
	"status.done":      {"done", "terminé"},

	"role.member":     {"member", "membre"},
	"role.researcher": {"researcher", "chercheur·se"},
	"role.staff":      {"staff", "équipe"},

	"lang.en": {"English", "anglais"},
	"lang.fr": {"French", "français"},

	"day.0": {"Sun", "dim."}, "day.1": {"Mon", "lun."}, "day.2": {"Tue", "mar."}, "day.3": {"Wed", "mer."},
	"day.4": {"Thu", "jeu."}, "day.5": {"Fri", "ven."}, "day.6": {"Sat", "sam."},
	"month.1": {"Jan", "janv."}, "month.2": {"Feb", "févr."}, "month.3": {"Mar", "mars"}, "month.4": {"Apr", "avr."},
	"month.5": {"May", "mai"}, "month.6": {"Jun", "juin"}, "month.7": {"Jul", "juil."}, "month.8": {"Aug", "août"},
	"month.9": {"Sep", "sept."}, "month.10": {"Oct", "oct."}, "month.11": {"Nov", "nov."}, "month.12": {"Dec", "déc."},

	// Forms (Slack and Discord modals). Discord caps titles and labels at 45 characters.
	"form.problem.title":          {"Post a problem", "Publier un problème"},
	"form.workshop.title":         {"Create a workshop", "Créer un atelier"},
	"form.schedule.title":         {"Schedule a session", "Planifier une séance"},
	"form.submit.post":            {"Post", "Publier"},
	"form.submit.create":          {"Create", "Créer"},
	"form.submit.schedule":        {"Schedule", "Planifier"},
	"form.label.title":            {"Title", "Titre"},
	"form.label.description":      {"Description", "Description"},
	"form.label.tags":             {"Tags", "Tags"},
	"form.label.from":             {"From problem (id, optional)", "Depuis le problème (id, facultatif)"},
	"form.label.capacity":         {"Seats (empty = no limit)", "Places (vide = illimité)"},
	"form.label.workshop":         {"Workshop id", "Id de l'atelier"},
	"form.label.when":             {"When", "Quand"},
	"form.label.duration":         {"Duration (default 1h)", "Durée (1h par défaut)"},
	"form.label.place":            {"Place or link", "Lieu ou lien"},
	"form.ph.problem_title":       {"What are you stuck on?", "Sur quoi bloquez-vous ?"},
	"form.ph.problem_description": {"Context, what you tried, data size…", "Contexte, ce que vous avez essayé, taille des données…"},
	"form.ph.when":                {"next thursday 2pm", "jeudi 14h"},
	"form.ph.place":               {"Room B, or a video link", "Salle B, ou un lien visio"},

	// Help: one usage, example and description per route of routes.go.
	"help.header":  {"atelier commands (`/atelier help <command>` for one):", "Commandes d'atelier (`/atelier help <commande>` pour une seule) :"},
	"help.staff":   {"(staff)", "(équipe)"},
	"help.example": {"e.g. `%s`", "ex. `%s`"},

	"usage.problem.post":   {"/problem post <title> [| description] [#tags]", "/problem post <titre> [| description] [#tags]"},
	"example.problem.post": {"/problem post Missing values in sensor series | Gaps of hours, which imputation? #timeseries #imputation", "/problem post Données manquantes en série temporelle | Trous de plusieurs heures, quelle imputation ? #timeseries #imputation"},
	"help.problem.post":    {"Post a problem you are stuck on; others say “me too” or offer help.", "Publiez un problème qui vous bloque ; les autres disent « moi aussi » ou proposent leur aide."},

	"usage.problem.list":   {"/problem list [#tag] [page N]", "/problem list [#tag] [page N]"},
	"example.problem.list": {"/problem list #nlp", "/problem list #nlp"},
	"help.problem.list":    {"List open problems, newest first.", "Liste les problèmes ouverts, les plus récents d'abord."},

	"usage.problem.search":   {"/problem search <words> [page N]", "/problem search <mots> [page N]"},
	"example.problem.search": {"/problem search missing values", "/problem search données manquantes"},
	"help.problem.search":    {"Search problems by words, accents ignored.", "Cherche des problèmes par mots, sans tenir compte des accents."},

	"usage.problem.show":   {"/problem show <id>", "/problem show <id>"},
	"example.problem.show": {"/problem show #12", "/problem show #12"},
	"help.problem.show":    {"Show a problem, who is interested and who can help.", "Affiche un problème, qui est intéressé et qui peut aider."},

	"usage.problem.interested":   {"/problem interested <id>", "/problem interested <id>"},
	"example.problem.interested": {"/problem interested #12", "/problem interested #12"},
	"help.problem.interested":    {"Say “me too” on a problem (also a button and a ✋ reaction).", "Dites « moi aussi » sur un problème (aussi un bouton et une réaction ✋)."},

	"usage.problem.canhelp":   {"/problem canhelp <id>", "/problem canhelp <id>"},
	"example.problem.canhelp": {"/problem canhelp #12", "/problem canhelp #12"},
	"help.problem.canhelp":    {"Offer help on a problem.", "Proposez votre aide sur un problème."},

	"usage.problem.uninterested":   {"/problem uninterested <id>", "/problem uninterested <id>"},
	"example.problem.uninterested": {"/problem uninterested #12", "/problem uninterested #12"},
	"help.problem.uninterested":    {"Take back your “me too” or offer of help.", "Retirez votre « moi aussi » ou votre offre d'aide."},

	"usage.problem.close":   {"/problem close <id> [solved|duplicate|stale]", "/problem close <id> [résolu|doublon|abandonné]"},
	"example.problem.close": {"/problem close #12 solved", "/problem close #12 résolu"},
	"help.problem.close":    {"Close a problem (its author or staff).", "Ferme un problème (son auteur ou l'équipe)."},

	"usage.workshop.create":   {"/workshop create [from <problem id>] [capacity <n>] [<title> [| description] [#tags]]", "/workshop create [from <id du problème>] [capacity <n>] [<titre> [| description] [#tags]]"},
	"example.workshop.create": {"/workshop create from #12 capacity 8", "/workshop create from #12 capacity 8"},
	"help.workshop.create":    {"Create a workshop, from a problem or from scratch; its card is posted for members to join.", "Crée un atelier, à partir d'un problème ou de zéro ; sa carte est publiée pour les inscriptions."},

	"usage.workshop.schedule":   {"/workshop schedule <id> <when> [duration] [where]", "/workshop schedule <id> <quand> [durée] [lieu]"},
	"example.workshop.schedule": {"/workshop schedule #3 next thursday 2pm 1h30 Room B", "/workshop schedule #3 jeudi 14h 1h30 Salle B"},
	"help.workshop.schedule":    {"Add a session, read in your time zone (default length 1h).", "Ajoute une séance, lue dans votre fuseau (durée par défaut 1h)."},

	"usage.workshop.list":   {"/workshop list [page N]", "/workshop list [page N]"},
	"example.workshop.list": {"/workshop list", "/workshop list"},
	"help.workshop.list":    {"List open workshops, soonest first.", "Liste les ateliers ouverts, les plus proches d'abord."},

	"usage.workshop.show":   {"/workshop show <id> [page N]", "/workshop show <id> [page N]"},
	"example.workshop.show": {"/workshop show #3", "/workshop show #3"},
	"help.workshop.show":    {"Show a workshop's sessions, participants and waitlist.", "Affiche les séances, participants et liste d'attente d'un atelier."},

	"usage.workshop.join":   {"/workshop join <id> [session <n>]", "/workshop join <id> [séance <n>]"},
	"example.workshop.join": {"/workshop join #3", "/workshop join #3"},
	"help.workshop.join":    {"Take a seat, or a place on the waitlist when full (also a button and a ✋ reaction).", "Prenez une place, ou une place en liste d'attente si complet (aussi un bouton et une réaction ✋)."},

	"usage.workshop.leave":   {"/workshop leave <id> [session <n>]", "/workshop leave <id> [séance <n>]"},
	"example.workshop.leave": {"/workshop leave #3", "/workshop leave #3"},
	"help.workshop.leave":    {"Give your seat back; the first on the waitlist gets it.", "Libérez votre place ; la première personne en attente la reçoit."},

	"usage.workshop.capacity":   {"/workshop capacity <id> <n|unlimited>", "/workshop capacity <id> <n|illimité>"},
	"example.workshop.capacity": {"/workshop capacity #3 12", "/workshop capacity #3 12"},
	"help.workshop.capacity":    {"Change the number of seats; more seats promote from the waitlist.", "Change le nombre de places ; des places en plus font monter la liste d'attente."},

	"usage.workshop.cancel":   {"/workshop cancel <id>", "/workshop cancel <id>"},
	"example.workshop.cancel": {"/workshop cancel #3", "/workshop cancel #3"},
	"help.workshop.cancel":    {"Cancel a workshop and its sessions to come.", "Annule un atelier et ses séances à venir."},

	"usage.workshop.announce":   {"/workshop announce <id>", "/workshop announce <id>"},
	"example.workshop.announce": {"/workshop announce #3", "/workshop announce #3"},
	"help.workshop.announce":    {"Post a workshop's card in this channel; every post shows the live count.", "Publie la carte d'un atelier dans ce canal ; chaque publication montre le compte à jour."},

	"usage.me":   {"/me [org <name> | interests add|remove <tags> | language fr|en | timezone <zone> | role researcher|member | reminders on|off | notify on|off | notify-on slack|discord | calendar [reset] | skills [on|off] | reuse <session|training> <id> <yes|not-yet|no> | trainings on|off | orgs]", "/me [org <nom> | interests add|remove <tags> | language fr|en | timezone <fuseau> | role chercheur|membre | reminders on|off | notify on|off | notify-on slack|discord | calendar [reset] | skills [on|off] | reuse <séance|formation> <id> <oui|pas-encore|non> | trainings on|off | orgs]"},
	"example.me": {"/me interests add #nlp #timeseries", "/me interests add #nlp #timeseries"},
	"help.me":    {"Show or change your profile.", "Affiche ou modifie votre profil."},

	"usage.atelier.help":   {"/atelier help [command]", "/atelier help [commande]"},
	"example.atelier.help": {"/atelier help workshop", "/atelier help workshop"},
	"help.atelier.help":    {"This help.", "Cette aide."},
}

// register adds a feature's messages to the catalog, from an init function
// in the feature's own file, so features do not all edit one literal. A key
// defined twice is a programming error, caught at start.
func register(msgs map[string][2]string) {
	for k, v := range msgs {
		if _, dup := catalog[k]; dup {
			panic("commands: message " + k + " defined twice")
		}
		catalog[k] = v
	}
}

// rawKey matches a catalog key shown as is, which is what T gives for a key
// it does not know.
var rawKey = regexp.MustCompile(`^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$`)

// IsRawKey reports whether s looks like a catalog key rather than a
// message: dotted lower-case words whose first is the first word of some
// key ("help.x", "discord.opt.y"; not "e.g"). A test helper for the
// adapters, which render keys too.
func IsRawKey(s string) bool {
	s = strings.TrimSpace(s)
	if !rawKey.MatchString(s) {
		return false
	}
	head, _, _ := strings.Cut(s, ".")
	for key := range catalog {
		if strings.HasPrefix(key, head+".") {
			return true
		}
	}
	return false
}
