package commands

// Messages of the Slack adapter (bot/slack): {English, French}.
func init() {
	register(map[string][2]string{
		// Slack's <!date^…> tokens: each reader's client fills them in,
		// in the reader's own zone.
		"slack.date_format":    {"{date_short_pretty} at {time}", "{date_short_pretty} à {time}"},
		"slack.cancel":         {"Cancel", "Annuler"},
		"slack.not_in_channel": {"I cannot post in this channel. Invite me with `/invite @atelier`, or use a public channel.", "Je ne peux pas publier dans ce canal. Invitez-moi avec `/invite @atelier`, ou utilisez un canal public."},
		"slack.form_failed":    {"The form could not open in time. Try again, or type the command with its text (`/atelier help %s` shows how).", "Le formulaire n'a pas pu s'ouvrir à temps. Réessayez, ou tapez la commande avec son texte (`/atelier help %s` montre comment)."},
		"slack.file_sent":      {"Sent to your direct messages with atelier: %s.", "Envoyé dans vos messages directs avec atelier : %s."},
		"slack.file_failed":    {"I could not send %s. Please try again in a moment.", "Je n'ai pas pu envoyer %s. Réessayez dans un instant."},
		"slack.post_failed":    {"Your change is saved, but I could not post the card in this channel.", "Votre modification est enregistrée, mais je n'ai pas pu publier la carte dans ce canal."},
	})
}
