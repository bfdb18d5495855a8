package commands

// Messages for mistyped commands and options.
func init() {
	register(map[string][2]string{
		"err.unknown_command_suggest": {"Unknown command `/%s`. Did you mean `/%s`? Type `/atelier help` to see them all.", "Commande inconnue `/%s`. Vouliez-vous dire `/%s` ? Tapez `/atelier help` pour toutes les voir."},
		"err.unknown_sub_suggest":     {"`/%s %s` does not exist. Did you mean `/%s`? Others: %s.", "`/%s %s` n'existe pas. Vouliez-vous dire `/%s` ? Autres : %s."},
		"err.option_missing":          {"`%s` needs a value after it.", "`%s` attend une valeur après lui."},
	})
}
