package commands

// Messages of workshop threads, in the community's language: the thread
// is read by everyone in the channel.
func init() {
	register(map[string][2]string{
		"thread.open": {"💬 The thread of workshop #%d %s: questions, material, who brings what. Reminders and changes of time or place are posted here too, as participants get them by DM.",
			"💬 Le fil de l'atelier #%d %s : questions, documents, qui apporte quoi. Les rappels et les changements d'heure ou de lieu y sont aussi publiés, comme les participants les reçoivent en message privé."},
		"thread.place": {"📍 Place: %s", "📍 Lieu : %s"},
		"thread.closed": {"✅ Workshop #%d %s is over: this thread is closed. Thank you all! Its messages stay here to read.",
			"✅ L'atelier #%d %s est terminé : ce fil est clos. Merci à toutes et à tous ! Ses messages restent lisibles ici."},
		"thread.closed_cancelled": {"Workshop #%d %s is cancelled: this thread is closed.",
			"L'atelier #%d %s est annulé : ce fil est clos."},
	})
}
