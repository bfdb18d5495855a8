package discordfake

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"unicode/utf8"
)

// Threads and forum channels, as Discord's REST API has them: a thread
// started on a message (its id is the message's), a forum post (a thread
// whose first message has the thread's id), thread members, and a thread
// archived and locked by PATCH /channels/{id}. A message posted in a
// thread is a message of the thread's channel. Posting in an archived
// thread, or a message in a forum channel itself, is refused as Discord
// refuses it.

// Thread is a thread as the fake keeps it.
type Thread struct {
	ID          string
	Parent      string // the channel it was started in (a forum, for a post)
	Name        string
	Forum       bool // a forum post
	AutoArchive int  // minutes
	Archived    bool
	Locked      bool
	Members     []string // added with PUT /channels/{id}/thread-members/{user}, in order
}

type threadState struct {
	threads map[string]*Thread
	forums  map[string]bool
}

// threadsLocked returns the thread state; the caller holds s.mu.
func (s *Server) threadsLocked() *threadState {
	if s.threads == nil {
		s.threads = &threadState{threads: map[string]*Thread{}, forums: map[string]bool{}}
	}
	return s.threads
}

// SetForum makes channel a forum channel (type 15).
func (s *Server) SetForum(channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threadsLocked().forums[channel] = true
}

// Thread returns a thread by id.
func (s *Server) Thread(id string) (Thread, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.threadsLocked().threads[id]
	if !ok {
		return Thread{}, false
	}
	c := *t
	c.Members = slices.Clone(t.Members)
	return c, true
}

// Threads lists the threads started in a channel ("" for all).
func (s *Server) Threads(parent string) []Thread {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Thread
	for _, id := range s.order {
		if t, ok := s.threadsLocked().threads[id]; ok && (parent == "" || t.Parent == parent) {
			c := *t
			c.Members = slices.Clone(t.Members)
			out = append(out, c)
		}
	}
	// Forum posts are in order too: their first message has their id.
	return out
}

var (
	reMsgThread     = regexp.MustCompile(`^/channels/([0-9]+)/messages/([0-9]+)/threads$`)
	reForumThread   = regexp.MustCompile(`^/channels/([0-9]+)/threads$`)
	reThreadMember  = regexp.MustCompile(`^/channels/([0-9]+)/thread-members/([0-9]+)$`)
	errUnknownChan  = &apiError{http.StatusNotFound, 10003, "Unknown Channel"}
	errArchived     = &apiError{http.StatusBadRequest, 50083, "Thread is archived"}
	errNotText      = &apiError{http.StatusBadRequest, 50008, "Cannot send messages in a non-text channel"}
	errThreadExists = &apiError{http.StatusBadRequest, 160004, "A thread has already been created for this message"}
	archiveMinutes  = []int{0, 60, 1440, 4320, 10080}
)

// threadRoute answers the thread routes, and GET /channels/{id} for
// threads and forums; ok is false for the others, which route answers.
func (s *Server) threadRoute(r *http.Request, path string, body []byte) (status int, out any, aerr *apiError, ok bool) {
	m := func(re *regexp.Regexp) []string { return re.FindStringSubmatch(path) }
	switch {
	case r.Method == "GET" && m(reChannel) != nil:
		s.mu.Lock()
		defer s.mu.Unlock()
		return 200, s.channelWire(m(reChannel)[1]), nil, true
	case r.Method == "PATCH" && m(reChannel) != nil:
		return s.editChannel(m(reChannel)[1], body)
	case r.Method == "POST" && m(reMsgThread) != nil:
		mm := m(reMsgThread)
		return s.startThread(mm[1], mm[2], body)
	case r.Method == "POST" && m(reForumThread) != nil:
		return s.forumPost(m(reForumThread)[1], body)
	case (r.Method == "PUT" || r.Method == "DELETE") && m(reThreadMember) != nil:
		mm := m(reThreadMember)
		return s.threadMember(mm[1], mm[2], r.Method == "PUT")
	case r.Method == "POST" && m(reChanMsgs) != nil:
		s.mu.Lock()
		defer s.mu.Unlock()
		st := s.threadsLocked()
		ch := m(reChanMsgs)[1]
		if st.forums[ch] {
			return 0, nil, errNotText, true
		}
		if t, ok := st.threads[ch]; ok && t.Archived {
			return 0, nil, errArchived, true
		}
	}
	return 0, nil, nil, false
}

// channelWire is a channel object; the caller holds s.mu.
func (s *Server) channelWire(id string) map[string]any {
	st := s.threadsLocked()
	if t, ok := st.threads[id]; ok {
		return map[string]any{"id": t.ID, "type": 11, "guild_id": s.channelGuild(t.Parent), "parent_id": t.Parent, "name": t.Name, "owner_id": BotID,
			"thread_metadata": map[string]any{"archived": t.Archived, "locked": t.Locked, "auto_archive_duration": t.AutoArchive}}
	}
	kind := 0
	if st.forums[id] {
		kind = 15
	}
	return map[string]any{"id": id, "type": kind, "guild_id": s.channelGuild(id), "name": "atelier"}
}

type threadStart struct {
	Name        string          `json:"name"`
	AutoArchive int             `json:"auto_archive_duration"`
	Message     json.RawMessage `json:"message"`
}

func readThreadStart(body []byte) (threadStart, *apiError) {
	var p threadStart
	if err := json.Unmarshal(body, &p); err != nil {
		return p, badForm("%v", err)
	}
	if n := utf8.RuneCountInString(p.Name); n < 1 || n > 100 {
		return p, badForm("name: must be between 1 and 100 in length")
	}
	if !slices.Contains(archiveMinutes, p.AutoArchive) {
		return p, badForm("auto_archive_duration: must be 60, 1440, 4320 or 10080")
	}
	return p, nil
}

func (s *Server) startThread(channel, message string, body []byte) (int, any, *apiError, bool) {
	p, aerr := readThreadStart(body)
	if aerr != nil {
		return 0, nil, aerr, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.threadsLocked()
	msg, ok := s.messages[message]
	if !ok || msg.ChannelID != channel {
		return 0, nil, errUnknownMsg, true
	}
	if _, ok := st.threads[message]; ok {
		return 0, nil, errThreadExists, true
	}
	st.threads[message] = &Thread{ID: message, Parent: channel, Name: p.Name, AutoArchive: p.AutoArchive}
	s.changed()
	return 201, s.channelWire(message), nil, true
}

func (s *Server) forumPost(forum string, body []byte) (int, any, *apiError, bool) {
	p, aerr := readThreadStart(body)
	if aerr != nil {
		return 0, nil, aerr, true
	}
	if len(p.Message) == 0 {
		return 0, nil, badForm("message: required in a forum"), true
	}
	mp, aerr := decodeMessage(p.Message, nil)
	if aerr != nil {
		return 0, nil, aerr, true
	}
	if (mp.Content == nil || *mp.Content == "") && (mp.Embeds == nil || len(*mp.Embeds) == 0) {
		return 0, nil, &apiError{http.StatusBadRequest, 50006, "Cannot send an empty message"}, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.threadsLocked()
	if !st.forums[forum] {
		return 0, nil, badForm("not a forum channel"), true
	}
	// The post's first message has the post's id, in the post's channel.
	msg := s.newMessage("", mp)
	msg.ChannelID = msg.ID
	st.threads[msg.ID] = &Thread{ID: msg.ID, Parent: forum, Name: p.Name, Forum: true, AutoArchive: p.AutoArchive}
	out := s.channelWire(msg.ID)
	out["message"] = msg.wire()
	s.changed()
	return 201, out, nil, true
}

func (s *Server) threadMember(thread, user string, add bool) (int, any, *apiError, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.threadsLocked().threads[thread]
	if !ok {
		return 0, nil, errUnknownChan, true
	}
	if t.Archived {
		return 0, nil, errArchived, true
	}
	i := slices.Index(t.Members, user)
	switch {
	case add && i < 0:
		t.Members = append(t.Members, user)
	case !add && i >= 0:
		t.Members = slices.Delete(t.Members, i, i+1)
	}
	s.changed()
	return 204, nil, nil, true
}

func (s *Server) editChannel(id string, body []byte) (int, any, *apiError, bool) {
	var p struct {
		Name     *string `json:"name"`
		Archived *bool   `json:"archived"`
		Locked   *bool   `json:"locked"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return 0, nil, badForm("%v", err), true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.threadsLocked().threads[id]; ok {
		if p.Name != nil {
			t.Name = *p.Name
		}
		if p.Archived != nil {
			t.Archived = *p.Archived
		}
		if p.Locked != nil {
			t.Locked = *p.Locked
		}
	}
	s.changed()
	return 200, s.channelWire(id), nil, true
}
