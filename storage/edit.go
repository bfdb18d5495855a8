package storage

import (
	"context"
	"fmt"
	"strings"
)

// ItemEdit is what an edit changes; nil leaves a field as it is.
type ItemEdit struct {
	Title       *string
	Description *string
	Tags        *[]string
}

// apply cleans and checks an edit over the current text and tags.
func (e ItemEdit) apply(title, description string, tags []string) (string, string, []string, error) {
	if e.Title != nil {
		title = CleanLine(*e.Title)
	}
	if e.Description != nil {
		description = CleanText(*e.Description)
	}
	if e.Tags != nil {
		tags = *e.Tags
	}
	if err := validateText(title, description); err != nil {
		return "", "", nil, err
	}
	return title, description, tags, validateTags(tags)
}

// replaceTags sets an item's tags (table problem_tags or workshop_tags).
func replaceTags(ctx context.Context, tx *Tx, table, column string, id int64, tags []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+column+` = ?`, id); err != nil {
		return fmt.Errorf("storage: edit tags: %w", err)
	}
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+column+`, tag) VALUES (?, ?)`, id, t); err != nil {
			return fmt.Errorf("storage: edit tags: %w", err)
		}
	}
	return nil
}

// EditProblem changes a problem's title, description or tags (its author
// or staff); the search index follows. It returns the problem before and
// after.
func (db *DB) EditProblem(ctx context.Context, id int64, by Member, e ItemEdit) (before, after Problem, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		var err error
		if before, err = problemByID(ctx, tx, id); err != nil {
			return err
		}
		if before.AuthorID != by.ID && !by.IsStaff() {
			return Errorf(EFORBIDDEN, "not_author_edit", "member %d may not edit problem %d", by.ID, id)
		}
		if before.Withdrawn {
			return Errorf(ECONFLICT, "problem_closed", "problem %d is withdrawn", id)
		}
		title, description, tags, err := e.apply(before.Title, before.Description, before.Tags)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE problems SET title = ?, description = ?, updated_at = ? WHERE id = ?`,
			title, description, unix(tx.now), id); err != nil {
			return fmt.Errorf("storage: edit problem: %w", err)
		}
		if err := replaceTags(ctx, tx, "problem_tags", "problem_id", id, tags); err != nil {
			return err
		}
		// Indexed already: the old words go, the new ones come. A problem
		// not indexed yet is indexed as it is at the next search.
		if _, err := tx.ExecContext(ctx, `DELETE FROM problems_fts WHERE docid = ?1 AND ?1 <= (SELECT last_id FROM fts_cursor WHERE name = 'problems')`, id); err != nil {
			return fmt.Errorf("storage: edit problem: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO problems_fts (docid, title, description, tags)
			SELECT ?1, ?2, ?3, ?4 WHERE ?1 <= (SELECT last_id FROM fts_cursor WHERE name = 'problems')`,
			id, title, description, strings.Join(tags, " ")); err != nil {
			return fmt.Errorf("storage: edit problem: %w", err)
		}
		after, err = problemByID(ctx, tx, id)
		return err
	})
	return before, after, err
}

// EditWorkshop changes an open workshop's title, description or tags;
// Discord's events, which show the title, are brought up to date too.
func (db *DB) EditWorkshop(ctx context.Context, id int64, e ItemEdit) (before, after Workshop, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		var err error
		if before, err = openWorkshop(ctx, tx, id); err != nil {
			return err
		}
		title, description, tags, err := e.apply(before.Title, before.Description, before.Tags)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workshops SET title = ?, description = ?, updated_at = ? WHERE id = ?`,
			title, description, unix(tx.now), id); err != nil {
			return fmt.Errorf("storage: edit workshop: %w", err)
		}
		if err := replaceTags(ctx, tx, "workshop_tags", "workshop_id", id, tags); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE discord_events SET signature = '' WHERE workshop_id = ?`, id); err != nil {
			return fmt.Errorf("storage: edit workshop: %w", err)
		}
		after, err = workshopByID(ctx, tx, id)
		return err
	})
	return before, after, err
}

// RemoveParticipant takes a member out of a workshop (staff): the seat
// goes to the first in line, as when a member leaves.
func (db *DB) RemoveParticipant(ctx context.Context, workshopID, memberID int64) (LeaveResult, error) {
	var r LeaveResult
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		r, err = db.leave(ctx, tx, workshopID, memberID)
		if err == nil && r.WasState == "" {
			err = Errorf(ENOTFOUND, "not_participant_of", "member %d is not in workshop %d", memberID, workshopID)
		}
		return err
	})
	return r, err
}
