package commands

// Messages of the scheduler: reminders, announcements, digests, feedback
// and nudges, and the commands that drive them.
func init() {
	register(map[string][2]string{
		// Refusals from storage.
		"err.announcement":          {"No announcement has that id. `/announce list` shows them.", "Aucune annonce ne porte cet identifiant. `/announce list` les montre."},
		"err.announcement_empty":    {"The announcement has no text.", "L'annonce n'a pas de texte."},
		"err.announcement_too_long": {"The announcement is too long (%d characters at most).", "L'annonce est trop longue (%d caractères au plus)."},
		"err.session":               {"That workshop has no session to come.", "Cet atelier n'a pas de séance à venir."},
		"err.feedback_early":        {"That session has not taken place yet.", "Cette séance n'a pas encore eu lieu."},
		"err.not_participant":       {"Only the session's participants can give feedback on it.", "Seuls les participants de la séance peuvent donner leur avis."},
		"err.feedback_score":        {"Give a score from 1 to 5.", "Donnez une note de 1 à 5."},
		"err.comment_too_long":      {"The comment is too long (%d characters at most).", "Le commentaire est trop long (%d caractères au plus)."},

		// Refusals of the commands.
		"err.target":          {"`%s` is not a channel. Write `announcements` (the announcements channel of every platform), `slack:C0123456789`, `discord:123456789012345678`, or several separated by commas.", "`%s` n'est pas un canal. Écrivez `announcements` (le canal des annonces de chaque plateforme), `slack:C0123456789`, `discord:123456789012345678`, ou plusieurs séparés par des virgules."},
		"err.target_platform": {"%s is not enabled on this bot.", "%s n'est pas activé sur ce bot."},
		"err.target_unset":    {"No `%s` channel is configured on any platform; give a channel id such as `slack:C0123456789`.", "Aucun canal `%s` n'est configuré ; donnez un identifiant de canal comme `slack:C0123456789`."},
		"err.feedback_usage":  {"Usage: `/feedback <session> <1-5> [comment]` or `/feedback <session> comment <text>`.", "Usage : `/feedback <séance> <1-5> [commentaire]` ou `/feedback <séance> comment <texte>`."},
		"err.reminders_usage": {"Say `/me reminders on` or `/me reminders off`.", "Dites `/me reminders on` ou `/me reminders off`."},

		// Notifications.
		"notify.reminder":           {"⏰ Reminder: workshop #%d %s starts %s.", "⏰ Rappel : l'atelier #%d %s commence %s."},
		"notify.footer":             {"Can't come? Leave, so the next in line gets your seat.", "Empêché ? Retirez-vous, la personne suivante aura votre place."},
		"notify.promoted":           {"🎉 A seat freed up in workshop #%d %s: it is yours.", "🎉 Une place s'est libérée dans l'atelier #%d %s : elle est à vous."},
		"notify.no_session_yet":     {"No session is scheduled yet; you will be reminded of each.", "Aucune séance n'est encore planifiée ; vous aurez un rappel pour chacune."},
		"notify.session_moved":      {"📅 Workshop #%d %s: the session of %s moves to %s.", "📅 Atelier #%d %s : la séance du %s est déplacée au %s."},
		"notify.session_cancelled":  {"Workshop #%d %s: the session of %s is cancelled.", "Atelier #%d %s : la séance du %s est annulée."},
		"notify.workshop_cancelled": {"Workshop #%d %s is cancelled. Sorry for the change of plans.", "L'atelier #%d %s est annulé. Désolés pour ce changement."},
		"notify.late":               {"(Sent late: it was due %s, when the bot was unavailable.)", "(Envoyé en retard : prévu %s, quand le bot était indisponible.)"},
		"notify.digest":             {"📰 This week in %s", "📰 Cette semaine dans %s"},
		"notify.digest_problems":    {"New problems, say “me too” or offer help:", "Nouveaux problèmes, dites « moi aussi » ou proposez votre aide :"},
		"notify.digest_workshops":   {"Coming workshops:", "Ateliers à venir :"},
		"notify.digest_footer":      {"`/problem show <id>` · `/workshop join <id>`", "`/problem show <id>` · `/workshop join <id>`"},
		"notify.feedback":           {"Thanks for coming to workshop #%d %s (%s).", "Merci d'être venu à l'atelier #%d %s (%s)."},
		"notify.feedback_question":  {"Did this session help you solve a problem or learn something? 1 (not at all) to 5 (a lot)", "Cette séance vous a-t-elle aidé à résoudre un problème ou à apprendre ? 1 (pas du tout) à 5 (beaucoup)"},
		"notify.feedback_footer":    {"A comment? `/feedback %d comment <text>`", "Un commentaire ? `/feedback %d comment <texte>`"},
		"notify.nudge":              {"Your problem #%d %s has been quiet since %s. Solved? Close it. Still stuck? Add details or tags so others can help.", "Votre problème #%d %s est calme depuis %s. Résolu ? Fermez-le. Toujours bloqué ? Ajoutez des détails ou des tags pour que d'autres aident."},
		"notify.nudge_footer":       {"One reminder per quiet stretch.", "Un seul rappel par période calme."},

		// Replies.
		"announce.scheduled":     {"Announcement #%d scheduled: %s, to %s. Next posts: %s.", "Annonce #%d programmée : %s, vers %s. Prochaines publications : %s."},
		"announce.once":          {"Announcement #%d will be posted to %s on %s.", "L'annonce #%d sera publiée vers %s le %s."},
		"announce.list":          {"Announcements:", "Annonces :"},
		"announce.list_empty":    {"No announcement yet. `/announce schedule` or `/announce once` creates one.", "Aucune annonce. `/announce schedule` ou `/announce once` en crée une."},
		"announce.kind_once":     {"once", "une fois"},
		"announce.paused":        {"paused", "suspendue"},
		"announce.done":          {"posted %s", "publiée %s"},
		"announce.never":         {"no run to come", "plus de publication prévue"},
		"announce.next":          {"next %s", "prochaine %s"},
		"announce.paused_now":    {"Announcement #%d is paused.", "L'annonce #%d est suspendue."},
		"announce.resumed":       {"Announcement #%d is back on; next post %s.", "L'annonce #%d reprend ; prochaine publication %s."},
		"announce.resumed_done":  {"Announcement #%d is back on, but it has no post to come.", "L'annonce #%d reprend, mais n'a plus de publication prévue."},
		"announce.deleted":       {"Announcement #%d deleted.", "Annonce #%d supprimée."},
		"workshop.rescheduled":   {"Workshop #%d: the session of %s moves to %s. Participants are told and their reminders follow.", "Atelier #%d : la séance du %s passe au %s. Les participants sont prévenus et leurs rappels suivent."},
		"workshop.unscheduled":   {"Workshop #%d: the session of %s is cancelled. Participants are told.", "Atelier #%d : la séance du %s est annulée. Les participants sont prévenus."},
		"feedback.saved":         {"Thanks! Your %d/5 for session %d is saved.", "Merci ! Votre %d/5 pour la séance %d est enregistré."},
		"feedback.comment_saved": {"Thanks! Your comment on session %d is saved.", "Merci ! Votre commentaire sur la séance %d est enregistré."},
		"me.reminders_on":        {"Session reminders are on: you will get them before each session of your workshops.", "Les rappels de séance sont activés : vous les recevrez avant chaque séance de vos ateliers."},
		"me.reminders_off":       {"Session reminders are off. `/me reminders on` turns them back on.", "Les rappels de séance sont désactivés. `/me reminders on` les réactive."},

		// Help.
		"usage.workshop.reschedule":   {"/workshop reschedule <id> [session <n>] <when> [duration] [where]", "/workshop reschedule <id> [séance <n>] <quand> [durée] [lieu]"},
		"example.workshop.reschedule": {"/workshop reschedule #3 next friday 10am", "/workshop reschedule #3 vendredi 10h"},
		"help.workshop.reschedule":    {"Move a workshop's next session; participants are told and their reminders follow.", "Déplace la prochaine séance d'un atelier ; les participants sont prévenus et leurs rappels suivent."},

		"usage.workshop.unschedule":   {"/workshop unschedule <id> [session <n>]", "/workshop unschedule <id> [séance <n>]"},
		"example.workshop.unschedule": {"/workshop unschedule #3", "/workshop unschedule #3"},
		"help.workshop.unschedule":    {"Cancel a workshop's next session and tell its participants.", "Annule la prochaine séance d'un atelier et prévient ses participants."},

		"usage.announce.schedule":   {`/announce schedule "<cron spec>" <channel> <text>`, `/announce schedule "<spéc. cron>" <canal> <texte>`},
		"example.announce.schedule": {`/announce schedule "0 9 * * MON" announcements Office hours today at 14:00, bring your questions!`, `/announce schedule "0 9 * * MON" announcements Permanence aujourd'hui à 14h, venez avec vos questions !`},
		"help.announce.schedule":    {"Post a text on a cron schedule in the community's time zone (`CRON_TZ=` accepted), to `announcements`, `slack:<id>` or `discord:<id>`.", "Publie un texte selon un calendrier cron dans le fuseau de la communauté (`CRON_TZ=` accepté), vers `announcements`, `slack:<id>` ou `discord:<id>`."},

		"usage.announce.once":   {"/announce once <when> <channel> <text>", "/announce once <quand> <canal> <texte>"},
		"example.announce.once": {"/announce once tomorrow 9am announcements The meetup moves to room B.", "/announce once demain 9h announcements La rencontre passe en salle B."},
		"help.announce.once":    {"Post a text once, at a time read in your time zone.", "Publie un texte une fois, à une heure lue dans votre fuseau."},

		"usage.announce.list":   {"/announce list [page N]", "/announce list [page N]"},
		"example.announce.list": {"/announce list", "/announce list"},
		"help.announce.list":    {"List announcements with their next post.", "Liste les annonces et leur prochaine publication."},

		"usage.announce.pause":   {"/announce pause <id>", "/announce pause <id>"},
		"example.announce.pause": {"/announce pause #2", "/announce pause #2"},
		"help.announce.pause":    {"Pause an announcement.", "Suspend une annonce."},

		"usage.announce.resume":   {"/announce resume <id>", "/announce resume <id>"},
		"example.announce.resume": {"/announce resume #2", "/announce resume #2"},
		"help.announce.resume":    {"Resume a paused announcement (runs missed meanwhile are not posted).", "Reprend une annonce suspendue (les publications manquées entre-temps ne sont pas faites)."},

		"usage.announce.delete":   {"/announce delete <id>", "/announce delete <id>"},
		"example.announce.delete": {"/announce delete #2", "/announce delete #2"},
		"help.announce.delete":    {"Delete an announcement.", "Supprime une annonce."},

		"usage.feedback":   {"/feedback <session> <1-5> [comment] | /feedback <session> comment <text> | /feedback <session> skill #tag <before 1-4> [<now 1-4>] | /feedback <session> learned #tag …", "/feedback <séance> <1-5> [commentaire] | /feedback <séance> comment <texte> | /feedback <séance> compétence #tag <avant 1-4> [<maintenant 1-4>] | /feedback <séance> appris #tag …"},
		"example.feedback": {"/feedback 12 5 Clear and hands-on", "/feedback 12 5 Clair et concret"},
		"help.feedback":    {"Say whether a session you attended helped (the buttons of the message sent after it).", "Dites si une séance suivie vous a aidé (les boutons du message envoyé après)."},

		"label.when":     {"When", "Quand"},
		"label.place":    {"Place", "Lieu"},
		"button.details": {"Details", "Détails"},
		"button.solved":  {"Solved", "Résolu"},
	})
}
