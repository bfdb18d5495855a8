package commands

// Messages for mistyped commands and options.
func init() {
	register(map[string][2]string{
		"err.unknown_command_suggest": {"Unknown command `/%s`. Did you mean `/%s`? Type `/atelier help` to see them all.", "Commande inconnue `/%s`. Vouliez-vous dire `/%s` ? Tapez `/atelier help` pour toutes les voir."},
		"err.unknown_sub_suggest":     {"`/%s %s` does not exist. Did you mean `/%s`? Others: %s.", "`/%s %s` n'existe pas. Vouliez-vous dire `/%s` ? Autres : %s."},
		// Found missing by the registration payload test: /feedback was
		// registered on Discord with its raw key as description.
		"discord.cmd.feedback": {"Say whether a session helped: a score from 1 to 5 and a comment", "Dire si une séance a aidé : une note de 1 à 5 et un commentaire"},
		"err.option_missing":   {"`%s` needs a value after it.", "`%s` attend une valeur après lui."},
	})
}
