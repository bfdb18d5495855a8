package commands

import "testing"

// A date expiry is the end of that date in the community's zone, even
// typed by a member whose own date is not the community's at that moment
// (Los Angeles on Friday evening, Paris already on Saturday).
func TestJobExpiryDateAcrossZones(t *testing.T) {
	h := newHarness(t)
	h.must("bob", "me timezone America/Los_Angeles")
	h.at("2026-11-28 06:00") // Friday 22:00 in Los Angeles, Saturday 07:00 in Paris
	for _, line := range []string{
		jobLine(map[int]string{6: "2027-01-15"}, "#python"),
		jobLine(map[int]string{0: "Second offer", 6: "15 January 2027"}, "#python"),
	} {
		id := h.postJob("bob", line)
		if got := h.job(id).ExpiresAt; !got.Equal(endOfJan15) {
			t.Errorf("%q: expires %s, want %s (the end of 15 January in Paris)", line, got.In(h.paris), endOfJan15.In(h.paris))
		}
	}
}
