package commands

// Messages of paged lists.
func init() {
	register(map[string][2]string{
		"page.position":    {"%d–%d of %d", "%d–%d sur %d"},
		"page.past":        {"No such page: the list has %d.", "Cette page n'existe pas : la liste en compte %d."},
		"page.next":        {"next: `/%s page %d`", "suite : `/%s page %d`"},
		"button.next_page": {"Next", "Suivants"},
	})
}
