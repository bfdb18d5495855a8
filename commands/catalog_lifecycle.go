package commands

// Messages of items' lives: withdrawn problems.
func init() {
	register(map[string][2]string{
		"problem.withdrawn_title": {"#%d · Withdrawn", "#%d · Retiré"},
		"problem.withdrawn_body":  {"Its author asked the community to forget them; the problem is withdrawn.", "Son auteur a demandé à la communauté de l'oublier ; le problème est retiré."},
	})
}
