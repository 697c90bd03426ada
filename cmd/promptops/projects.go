package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/projects"
)

// projectsCreate creates a project from the command line, for operators who close sign-up.
func projectsCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var name, description string
	cfg, logger, err := setup("projects create", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "project name (required)")
		fs.StringVar(&description, "description", "", "project description")
	})
	if err != nil {
		return err
	}
	if name == "" || len(name) > 200 {
		return errors.New("--name is required, 1 to 200 characters")
	}
	db, err := openDatabase(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	defer db.Close(ctx)

	var desc *string
	if description != "" {
		desc = &description
	}
	// A new project has no webhooks, so creating one queues no delivery: no instance is
	// needed, nor a River client, only the write that sign-up over the API makes too.
	created, err := projects.Create(ctx, db.Pool, events.NewRecorder(events.NoDeliveries), events.Origin{}, name, desc)
	if err != nil {
		return fmt.Errorf("create project: %w", err)
	}
	fmt.Fprintf(stdout, "project: %s\napi key: %s\n(the key is shown only this once)\n", created.Project.ID, created.Key)
	return nil
}
