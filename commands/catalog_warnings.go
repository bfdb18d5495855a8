package commands

// Messages that warn staff.
func init() {
	register(map[string][2]string{
		"warn.channel":            {"⚠️ I cannot post in channel %s on %s: %s Until then its cards and announcements do not reach it.", "⚠️ Je ne peux pas publier dans le canal %s sur %s : %s D'ici là, ses cartes et annonces n'y arrivent pas."},
		"warn.why.not_in_channel": {"the bot is not in it (invite it there).", "le bot n'y est pas (invitez-le)."},
		"warn.why.not_found":      {"it does not exist any more (fix its id in the configuration).", "il n'existe plus (corrigez son identifiant dans la configuration)."},
		"warn.why.permission":     {"the bot lacks a permission there (allow it to send messages).", "il manque une permission au bot (autorisez-le à envoyer des messages)."},
		"warn.why.archived":       {"it is archived.", "il est archivé."},
		"warn.why.other":          {"the platform refused the post (see the bot's log).", "la plateforme a refusé la publication (voir le journal du bot)."},
	})
}
